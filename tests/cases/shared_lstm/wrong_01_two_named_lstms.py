# exercise: shared_lstm
# expect: fail
# why: two LSTM layers with their own names and weights; nothing is shared
# message: FAILED param_count
# message: 41,281 is what two separate LSTM layers give
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim), name="left")
    right = keras.Input(shape=(None, feature_dim), name="right")
    left_code = layers.LSTM(units, name="left_lstm")(left)
    right_code = layers.LSTM(units, name="right_lstm")(right)
    merged = layers.concatenate([left_code, right_code], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
