# exercise: siamese
# expect: pass
# why: the book's variable names with the erratum fixed, features made in a loop, a tuple of inputs
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    xception_base = base_model
    left_input = keras.Input(shape=tuple(input_shape))
    right_input = keras.Input(shape=tuple(input_shape))
    left_features, right_features = [xception_base(x) for x in (left_input, right_input)]
    merged_features = layers.concatenate([left_features, right_features], axis=-1)
    model = keras.Model(inputs=(left_input, right_input), outputs=merged_features)
    return model
