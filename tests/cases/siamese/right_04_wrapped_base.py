# exercise: siamese
# expect: pass
# why: the given base wrapped in a small encoder model used on both inputs: still shared
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    image = keras.Input(shape=input_shape)
    encoder = keras.Model(image, base_model(image), name="encoder")
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = layers.concatenate([encoder(left_input), encoder(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
