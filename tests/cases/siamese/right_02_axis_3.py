# exercise: siamese
# expect: pass
# why: axis=3 is the last axis of a 4-D feature map: the same as axis=-1
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(input_shape)
    right_input = keras.Input(input_shape)
    merged = layers.concatenate([base_model(left_input), base_model(right_input)], axis=3)
    return keras.Model([left_input, right_input], merged)
