# exercise: shared_lstm
# expect: pass
# why: layers.Concatenate() instead of layers.concatenate, and other layer names
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    a = keras.Input(shape=(None, feature_dim), name="first")
    b = keras.Input(shape=(None, feature_dim), name="second")
    reader = layers.LSTM(units, name="reader")
    both = layers.Concatenate(axis=-1, name="both")([reader(a), reader(b)])
    same = layers.Dense(1, activation="sigmoid", name="same")(both)
    return keras.Model([a, b], same, name="pair_scorer")
