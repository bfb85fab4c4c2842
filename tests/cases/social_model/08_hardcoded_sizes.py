# exercise: social_model
# expect: fail
# why: the vocabulary size and number of income groups are fixed at 50000 and 10
# message: FAILED arguments_used
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    x = layers.Embedding(50000, 256)(posts)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(128, activation="relu")(x)
    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(10, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
