# exercise: siamese
# expect: fail
# why: the base reads the left image and a clone the right one: two sets of weights
# message: FAILED builds
# message: a copy of it
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    right_base = keras.models.clone_model(base_model)
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.concatenate([base_model(left_input), right_base(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
