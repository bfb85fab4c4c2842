# exercise: functional_mlp
# expect: pass
# why: Dense layers followed by separate Activation / ReLU / Softmax layers
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Activation("relu")(layers.Dense(hidden_units)(inputs))
    x = layers.ReLU()(layers.Dense(hidden_units)(x))
    outputs = layers.Softmax()(layers.Dense(num_classes)(x))
    return keras.Model(inputs=inputs, outputs=outputs)
