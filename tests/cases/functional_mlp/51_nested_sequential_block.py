# exercise: functional_mlp
# expect: pass
# why: the hidden layers as a Sequential model used as a layer
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,), name="features")
    hidden = keras.Sequential([layers.Dense(hidden_units, activation="relu"),
                               layers.Dense(hidden_units, activation="relu")])
    outputs = layers.Dense(num_classes, activation="softmax", name="probabilities")(hidden(inputs))
    return keras.Model(inputs, outputs, name="mlp")
