# exercise: functional_mlp
# expect: fail
# why: sigmoid output: right shapes and parameter count, but rows do not sum to 1
# message: FAILED layer_stack
# message: FAILED softmax_output
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(hidden_units, activation="relu")(inputs)
    x = layers.Dense(hidden_units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
