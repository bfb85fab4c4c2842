# exercise: functional_mlp
# expect: pass
# why: the whole MLP built as an inner functional model, called on the outer input
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    x = keras.Input(shape=(input_dim,))
    h = layers.Dense(hidden_units, activation="relu")(x)
    h = layers.Dense(hidden_units, activation="relu")(h)
    inner = keras.Model(x, layers.Dense(num_classes, activation="softmax")(h), name="inner_mlp")
    inputs = keras.Input(shape=(input_dim,))
    return keras.Model(inputs, inner(inputs))
