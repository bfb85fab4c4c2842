# The source text's shared-LSTM listing, put in a function: correct as printed.
from keras import Input, layers
from keras.models import Model


def build_shared_lstm_model(units=32, feature_dim=128):
    lstm = layers.LSTM(units)
    left_input = Input(shape=(None, feature_dim))
    left_output = lstm(left_input)
    right_input = Input(shape=(None, feature_dim))
    right_output = lstm(right_input)
    merged = layers.concatenate([left_output, right_output], axis=-1)
    predictions = layers.Dense(1, activation="sigmoid")(merged)
    return Model([left_input, right_input], predictions)
