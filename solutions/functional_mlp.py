"""Reference solution of `functional_mlp`: the Sequential example, rebuilt functionally."""

import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    """A two-hidden-layer classifier built with the functional API.

    Args:
        input_dim: Length of each input vector (features per sample).
        hidden_units: Units of each of the two hidden `Dense` layers.
        num_classes: Number of classes; the output is a softmax over them.

    Returns:
        A functional `keras.Model` from `(None, input_dim)` to
        `(None, num_classes)`; 3,466 parameters with the defaults.
    """
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(hidden_units, activation="relu")(inputs)
    x = layers.Dense(hidden_units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
