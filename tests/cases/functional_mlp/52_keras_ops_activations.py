# exercise: functional_mlp
# expect: pass
# why: linear Dense layers with keras.ops.relu and keras.ops.softmax
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = keras.ops.relu(layers.Dense(hidden_units)(inputs))
    x = keras.ops.relu(layers.Dense(hidden_units)(x))
    outputs = keras.ops.softmax(layers.Dense(num_classes)(x))
    return keras.Model(inputs, outputs)
