# exercise: shared_lstm
# expect: fail
# why: the head uses relu where the contract asks for a sigmoid probability
# message: FAILED sigmoid_output
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="relu")(merged))
