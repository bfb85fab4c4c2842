# exercise: social_model
# expect: pass
# why: the convolution stack is a nested functional model used as a layer
import keras
from keras import layers


def conv_stack():
    seq = keras.Input(shape=(None, 256))
    y = layers.Conv1D(128, 5, activation="relu")(seq)
    y = layers.MaxPooling1D(5)(y)
    y = layers.Conv1D(256, 5, activation="relu")(y)
    y = layers.Conv1D(256, 5, activation="relu")(y)
    y = layers.MaxPooling1D(5)(y)
    y = layers.Conv1D(256, 5, activation="relu")(y)
    y = layers.Conv1D(256, 5, activation="relu")(y)
    return keras.Model(seq, y, name="conv_stack")


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    embedded = layers.Embedding(vocab_size, 256)(posts)
    features = conv_stack()(embedded)
    pooled = layers.GlobalAveragePooling1D()(features)
    x = layers.Dense(128, activation="relu")(pooled)
    x = layers.Dropout(0.0)(x)
    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
