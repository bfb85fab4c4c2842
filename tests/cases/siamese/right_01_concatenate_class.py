# exercise: siamese
# expect: pass
# why: layers.Concatenate() instead of layers.concatenate, with other names
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    a = keras.Input(shape=input_shape, name="photo_a")
    b = keras.Input(shape=input_shape, name="photo_b")
    both = layers.Concatenate(name="both_features")([base_model(a), base_model(b)])
    return keras.Model(inputs=[a, b], outputs=both, name="twins")
