# exercise: siamese
# expect: fail
# why: the model is built but not returned
# message: FAILED builds
# message: return keras.Model
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.concatenate([base_model(left_input), base_model(right_input)], axis=-1)
    model = keras.Model([left_input, right_input], merged)  # noqa: F841
