# exercise: siamese
# expect: fail
# why: the two feature maps are added, not concatenated
# message: FAILED output_shape
# message: or their sum
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.add([base_model(left_input), base_model(right_input)])
    return keras.Model([left_input, right_input], merged)
