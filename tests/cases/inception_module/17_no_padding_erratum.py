# exercise: inception_module
# expect: fail
# why: source erratum as printed: no padding="same", the concatenation of 16/15/13/14 raises
# message: FAILED builds
# message: These 16/15/13/14-pixel maps are the source text's erratum
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2)(x)

    branch_b = layers.Conv2D(filters, 1, activation="relu")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2)(branch_b)

    branch_c = layers.AveragePooling2D(3, strides=2)(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu")(branch_c)

    branch_d = layers.Conv2D(filters, 1, activation="relu")(x)
    branch_d = layers.Conv2D(filters, 3, activation="relu")(branch_d)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2)(branch_d)

    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
