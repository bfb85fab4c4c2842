# exercise: shared_lstm
# expect: pass
# why: the LSTM is wrapped in a small encoder model, and that one model reads both inputs
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    sequence = keras.Input(shape=(None, feature_dim))
    encoder = keras.Model(sequence, layers.LSTM(units)(sequence), name="encoder")
    left = keras.Input(shape=(None, feature_dim), name="sentence_a")
    right = keras.Input(shape=(None, feature_dim), name="sentence_b")
    merged = layers.concatenate([encoder(left), encoder(right)])
    return keras.Model(inputs=[left, right], outputs=layers.Dense(1, activation="sigmoid")(merged))
