# exercise: shared_lstm
# expect: pass
# why: a Sequential encoder (Input + LSTM) used as a layer on both inputs
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    encoder = keras.Sequential([keras.Input(shape=(None, feature_dim)), layers.LSTM(units)])
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    merged = layers.concatenate([encoder(left), encoder(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
