# exercise: shared_lstm
# expect: fail
# why: the two codes are added, not concatenated, so the Dense layer sees 32 features instead of 64
# message: FAILED param_count
# message: 20,641 parameters
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.add([lstm(left), lstm(right)])
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
