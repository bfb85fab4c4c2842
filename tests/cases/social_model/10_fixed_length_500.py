# exercise: social_model
# expect: fail
# why: a fixed input length of 500: the contract asks for a variable-length input (None,)
# message: FAILED inputs
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(500,), dtype="int32", name="posts")
    x = layers.Embedding(vocab_size, 256)(posts)
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
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
