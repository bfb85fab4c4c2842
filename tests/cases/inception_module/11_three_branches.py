# exercise: inception_module
# expect: fail
# why: branch d is left out of the concatenation
# message: FAILED output_shape
# message: (None, 16, 16, 384)
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)
    branch_b = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_b)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)
    return layers.concatenate([branch_a, branch_b, branch_c], axis=-1)
