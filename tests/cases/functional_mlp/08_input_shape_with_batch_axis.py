# exercise: functional_mlp
# expect: fail
# why: keras.Input(shape=(None, input_dim)) writes the batch axis into the shape: one axis too many all the way to the output
# message: FAILED inputs
# message: Input 1 (None, None, 64) has one axis more than (None, 64).
# message: `keras.Input(shape=(64,))`
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(None, input_dim))
    x = layers.Dense(hidden_units, activation="relu")(inputs)
    x = layers.Dense(hidden_units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
