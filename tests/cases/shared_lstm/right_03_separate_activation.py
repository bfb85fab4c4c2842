# exercise: shared_lstm
# expect: pass
# why: Dense(1) followed by a separate Activation("sigmoid") layer computes the same thing
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=1)
    logit = layers.Dense(1)(merged)
    return keras.Model([left, right], layers.Activation("sigmoid")(logit))
