# exercise: siamese
# expect: fail
# why: the base reads left, a renamed fresh copy reads right: two sets of weights
# message: FAILED param_count
# message: twice the base
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    image = keras.Input(shape=input_shape)
    copy = keras.models.clone_model(base_model)
    right_base = keras.Model(image, copy(image), name="right_base")
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.concatenate([base_model(left_input), right_base(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
