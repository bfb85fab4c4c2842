# exercise: shared_lstm
# expect: fail
# why: keras.Input(shape=(feature_dim,)) leaves out the time axis: the LSTM gets (None, 128) where it reads (batch, time, features)
# message: FAILED builds
# message: called on (None, 128), which has
# message: A sequence layer (`LSTM`, `Conv1D`) reads (batch, time,
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(feature_dim,))
    right = keras.Input(shape=(feature_dim,))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
