# exercise: siamese
# expect: fail
# why: a clone of the base (new random weights) is called on both inputs, not the base
# message: FAILED given_base_used
# message: clone_model
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    twin = keras.models.clone_model(base_model)
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.concatenate([twin(left_input), twin(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
