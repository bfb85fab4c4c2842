# exercise: shared_lstm
# expect: fail
# why: the book's listing (LSTM(32), 128 features) at module level; arguments ignored
# message: FAILED arguments_used
import keras
from keras import layers

lstm = layers.LSTM(32)
left_input = keras.Input(shape=(None, 128))
left_output = lstm(left_input)
right_input = keras.Input(shape=(None, 128))
right_output = lstm(right_input)
merged = layers.concatenate([left_output, right_output], axis=-1)
predictions = layers.Dense(1, activation="sigmoid")(merged)


def build_shared_lstm_model(units=32, feature_dim=128):
    return keras.Model([left_input, right_input], predictions)
