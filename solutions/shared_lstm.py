"""Reference solution of `shared_lstm`: one LSTM layer shared by two inputs."""

import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    """A model that reads two sequences with the same LSTM and scores the pair.

    The LSTM layer is created once and called on both inputs, so both
    sequences are encoded with the same weights (the layer has two calls but
    one set of weights). The two codes are concatenated in the order
    `[left, right]` and a sigmoid `Dense(1)` gives the probability that the
    two sequences belong together, e.g. that two sentences say the same thing.

    Args:
        units: Size of the LSTM's code for each sequence.
        feature_dim: Number of features at each time step of the inputs.

    Returns:
        A functional `keras.Model` with inputs `[left, right]`, each
        `(None, None, feature_dim)` (any number of steps), and output
        `(None, 1)`; 20,673 parameters with the defaults (two separate LSTM
        layers would give 41,281).
    """
    left = keras.Input(shape=(None, feature_dim), name="left")
    right = keras.Input(shape=(None, feature_dim), name="right")

    shared_lstm = layers.LSTM(units)
    left_code = shared_lstm(left)
    right_code = shared_lstm(right)

    merged = layers.concatenate([left_code, right_code], axis=-1)
    score = layers.Dense(1, activation="sigmoid")(merged)
    return keras.Model([left, right], score)
