# exercise: inception_module
# expect: fail
# why: branch d strides its first 3x3 conv, not the last: same shapes and parameters
# message: FAILED branch_layers
# message: Misplaced stride
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)
    branch_b = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_b)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)
    branch_d = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_d)
    branch_d = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_d)
    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
