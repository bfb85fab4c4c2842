# exercise: social_model
# expect: fail
# why: the global pooling is left out: the heads keep the time axis, (None, None, k), with the right parameter count
# message: FAILED output_shape
# message: has one axis more than (None, 1): it keeps
# message: `layers.GlobalAveragePooling1D()` after the last Conv1D
# message: Your `income` head (None, None, 4) has one axis more than (None, 4)
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    x = layers.Embedding(vocab_size, 256)(posts)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Dense(128, activation="relu")(x)
    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
