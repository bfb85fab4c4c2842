# exercise: siamese
# expect: fail
# why: each side's features are pooled to one vector before the concatenation: the output loses the two spatial axes
# message: FAILED output_shape
# message: Your output (None, 32) has 2 axes fewer than (None, 63, 63, 32)
# message: has `GlobalAveragePooling2D`, which removes axes the output keeps
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    pool = layers.GlobalAveragePooling2D()
    left_features = pool(base_model(left_input))
    right_features = pool(base_model(right_input))
    merged = layers.concatenate([left_features, right_features], axis=-1)
    return keras.Model([left_input, right_input], merged)
