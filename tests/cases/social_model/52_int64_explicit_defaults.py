# exercise: social_model
# expect: pass
# why: int64 unnamed input, default arguments spelled out, other layer names
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int64")
    x = layers.Embedding(vocab_size, 256)(posts)
    x = layers.Conv1D(
        filters=128, kernel_size=5, strides=1, padding="valid", activation="relu", name=None
    )(x)
    x = layers.MaxPooling1D(pool_size=5, strides=5, padding="valid")(x)
    x = layers.Conv1D(
        filters=256, kernel_size=5, strides=1, padding="valid", activation="relu", name=None
    )(x)
    x = layers.Conv1D(
        filters=256, kernel_size=5, strides=1, padding="valid", activation="relu", name=None
    )(x)
    x = layers.MaxPooling1D(pool_size=5, strides=5, padding="valid")(x)
    x = layers.Conv1D(
        filters=256, kernel_size=5, strides=1, padding="valid", activation="relu", name=None
    )(x)
    x = layers.Conv1D(
        filters=256, kernel_size=5, strides=1, padding="valid", activation="relu", name=None
    )(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(128, activation="relu", name="shared_code")(x)
    age = layers.Dense(1, activation="linear", name="age")(x)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
