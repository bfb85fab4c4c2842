# exercise: siamese
# expect: fail
# why: the inputs are always (250, 250, 3); the input_shape argument is ignored
# message: FAILED arguments_used
# message: keras.Input(shape=input_shape)
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=(250, 250, 3))
    right_input = keras.Input(shape=(250, 250, 3))
    merged = layers.concatenate([base_model(left_input), base_model(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
