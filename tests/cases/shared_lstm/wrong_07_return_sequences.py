# exercise: shared_lstm
# expect: fail
# why: return_sequences=True keeps one code per time step, so the output has a time axis
# message: FAILED output_shape
# message: Your output (None, None, 1) has one axis more than (None, 1)
# message: `LSTM(32, return_sequences=True)` returns one vector per time
import keras
from keras import layers


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    lstm = layers.LSTM(units, return_sequences=True)
    merged = layers.concatenate([lstm(left), lstm(right)], axis=-1)
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
