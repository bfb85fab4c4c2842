# The source text's Siamese listing, erratum included: right_input overwritten by the features.
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    left_features = base_model(left_input)
    right_input = base_model(right_input)
    merged_features = layers.concatenate([left_features, right_input], axis=-1)
    return keras.Model([left_input, right_input], merged_features)
