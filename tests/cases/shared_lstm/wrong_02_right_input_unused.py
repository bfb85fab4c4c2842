# exercise: shared_lstm
# expect: fail
# why: the shared LSTM reads the left input twice; the right input is never used
# message: FAILED shared_lstm
# message: the other input is never read
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(left)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
