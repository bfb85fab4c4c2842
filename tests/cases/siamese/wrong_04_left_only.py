# exercise: siamese
# expect: fail
# why: the base is called on the left image twice; the right input is never read
# message: FAILED siamese_wiring
# message: The base is called on one input only
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    features = base_model(left_input)
    merged = layers.concatenate([features, features], axis=-1)
    return keras.Model([left_input, right_input], merged)
