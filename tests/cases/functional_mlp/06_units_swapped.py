# exercise: functional_mlp
# expect: fail
# why: hidden_units and num_classes swapped
# message: FAILED output_shape
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(num_classes, activation="relu")(inputs)
    x = layers.Dense(num_classes, activation="relu")(x)
    outputs = layers.Dense(hidden_units, activation="softmax")(x)
    return keras.Model(inputs, outputs)
