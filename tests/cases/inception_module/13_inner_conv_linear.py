# exercise: inception_module
# expect: fail
# why: the 1x1 convolution inside branch d has no activation: same shapes and parameters
# message: FAILED relu_activations
# message: Conv2D(128, 1, linear)
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)
    branch_b = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_b)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)
    branch_d = layers.Conv2D(filters, 1, padding="same")(x)
    branch_d = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_d)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_d)
    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
