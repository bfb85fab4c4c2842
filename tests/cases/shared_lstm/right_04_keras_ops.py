# exercise: shared_lstm
# expect: pass
# why: keras.ops.concatenate and keras.ops.sigmoid in place of the layers
import keras
from keras import layers, ops


def build_shared_lstm_model(units=32, feature_dim=128):
    left = keras.Input(shape=(None, feature_dim))
    right = keras.Input(shape=(None, feature_dim))
    shared = layers.LSTM(units)
    merged = ops.concatenate([shared(left), shared(right)], axis=-1)
    return keras.Model([left, right], ops.sigmoid(layers.Dense(1)(merged)))
