# exercise: shared_lstm
# expect: fail
# why: the codes are concatenated [right, left]; the contract fixes [left, right]
# message: FAILED shared_lstm
# message: The halves are swapped
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    left_code, right_code = lstm(left), lstm(right)
    merged = layers.concatenate([right_code, left_code], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
