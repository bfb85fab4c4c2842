# exercise: shared_lstm
# expect: fail
# why: the Dense(1) head has no sigmoid: a raw score, not a probability
# message: FAILED sigmoid_output
# message: the sigmoid is missing
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1)(merged))
