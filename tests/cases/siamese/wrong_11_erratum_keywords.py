# exercise: siamese
# expect: fail
# why: source erratum with the book's names and keywords: right_input reused
# message: FAILED builds
# message: source text's erratum
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    xception_base = base_model
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    left_features = xception_base(left_input)
    right_input = xception_base(right_input)
    merged_features = layers.concatenate([left_features, right_input], axis=-1)
    return keras.Model(inputs=[left_input, right_input], outputs=merged_features)
