# exercise: functional_mlp
# expect: fail
# why: a Sequential model: the exercise is about the functional API
# message: FAILED functional_model
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    return keras.Sequential([
        keras.Input(shape=(input_dim,)),
        layers.Dense(hidden_units, activation="relu"),
        layers.Dense(hidden_units, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
