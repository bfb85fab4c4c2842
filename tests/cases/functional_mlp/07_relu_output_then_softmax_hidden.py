# exercise: functional_mlp
# expect: fail
# why: activations in the wrong places: softmax inside, relu at the end
# message: FAILED
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(hidden_units, activation="softmax")(inputs)
    x = layers.Dense(hidden_units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="relu")(x)
    return keras.Model(inputs, outputs)
