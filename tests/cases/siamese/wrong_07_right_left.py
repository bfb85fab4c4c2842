# exercise: siamese
# expect: fail
# why: the features are concatenated [right, left]; the contract fixes [left, right]
# message: FAILED siamese_wiring
# message: The halves are swapped
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    left_features = base_model(left_input)
    right_features = base_model(right_input)
    merged = layers.concatenate([right_features, left_features], axis=-1)
    return keras.Model([left_input, right_input], merged)
