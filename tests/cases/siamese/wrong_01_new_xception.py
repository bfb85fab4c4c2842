# exercise: siamese
# expect: fail
# why: makes a new Xception inside the function instead of using the given base_model
# message: FAILED output_shape
# message: These are Xception's features, not the given base's
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    xception_base = keras.applications.Xception(weights=None, include_top=False)
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    left_features = xception_base(left_input)
    right_features = xception_base(right_input)
    merged_features = layers.concatenate([left_features, right_features], axis=-1)
    return keras.Model([left_input, right_input], merged_features)
