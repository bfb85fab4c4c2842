# exercise: social_model
# expect: pass
# why: the shared trunk is a Sequential model used as a layer; the heads are called on its output
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    trunk = keras.Sequential(
        [
            layers.Embedding(vocab_size, 256),
            layers.Conv1D(128, 5, activation="relu"),
            layers.MaxPooling1D(5),
            layers.Conv1D(256, 5, activation="relu"),
            layers.Conv1D(256, 5, activation="relu"),
            layers.MaxPooling1D(5),
            layers.Conv1D(256, 5, activation="relu"),
            layers.Conv1D(256, 5, activation="relu"),
            layers.GlobalAveragePooling1D(),
            layers.Dense(128, activation="relu"),
        ],
        name="trunk",
    )
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    code = trunk(posts)
    age = layers.Dense(1, name="age")(code)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(code)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(code)
    return keras.Model(posts, [age, income, gender])
