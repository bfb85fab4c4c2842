# exercise: shared_lstm
# expect: pass
# why: the book's variable names, keyword arguments and a tuple of inputs
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    lstm = layers.LSTM(units=units)
    left_input = keras.Input(shape=(None, feature_dim))
    left_output = lstm(left_input)
    right_input = keras.Input(shape=(None, feature_dim))
    right_output = lstm(right_input)
    merged = layers.concatenate([left_output, right_output], axis=-1)
    predictions = layers.Dense(units=1, activation=keras.activations.sigmoid)(merged)
    model = keras.Model(inputs=(left_input, right_input), outputs=predictions)
    return model
