# exercise: shared_lstm
# expect: fail
# why: 32 and 128 are written as numbers, so units and feature_dim are ignored
# message: FAILED arguments_used
# message: Use the arguments `units` and `feature_dim`
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, 128))
    right = keras.Input(shape=(None, 128))
    lstm = layers.LSTM(32)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
