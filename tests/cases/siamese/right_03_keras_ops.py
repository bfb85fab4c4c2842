# exercise: siamese
# expect: pass
# why: keras.ops.concatenate in place of the layer
import keras


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    left_input = keras.Input(shape=input_shape)
    right_input = keras.Input(shape=input_shape)
    merged = keras.ops.concatenate([base_model(left_input), base_model(right_input)], axis=-1)
    return keras.Model([left_input, right_input], merged)
