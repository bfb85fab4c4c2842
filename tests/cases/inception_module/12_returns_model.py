# exercise: inception_module
# expect: fail
# why: returns a keras.Model instead of the output tensor
# message: FAILED builds
# message: return a Keras tensor built from `x`
import keras
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)
    branch_b = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_b)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)
    branch_d = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_d = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_d)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_d)
    output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
    return keras.Model(x, output)
