# exercise: inception_module
# expect: fail
# why: keras.ops.stack puts the four branches on a new axis instead of joining their channels
# message: FAILED output_shape
# message: Your output (None, 16, 16, 128, 4) has one axis more
# message: `keras.ops.stack` adds a new axis
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
    return keras.ops.stack([branch_a, branch_b, branch_c, branch_d], axis=-1)
