# exercise: functional_mlp
# expect: fail
# why: no relu: right shapes and parameters, but the hidden layers are linear
# message: FAILED layer_stack
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(hidden_units, activation=None)(inputs)
    x = layers.Dense(hidden_units, activation=None)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
