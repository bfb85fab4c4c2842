# exercise: shared_lstm
# expect: fail
# why: returns the output tensor instead of the keras.Model
# message: FAILED builds
# message: Expected `build_shared_lstm_model` to return a `keras.Model`
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return layers.Dense(1, activation="sigmoid")(merged)
