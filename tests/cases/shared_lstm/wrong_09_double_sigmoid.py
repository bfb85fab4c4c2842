# exercise: shared_lstm
# expect: fail
# why: a second sigmoid after Dense(1, sigmoid) squeezes the output into (0.5, 0.73)
# message: FAILED sigmoid_output
# message: look for an extra activation
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    score = layers.Dense(1, activation="sigmoid")(merged)
    return keras.Model([left, right], layers.Activation("sigmoid")(score))
