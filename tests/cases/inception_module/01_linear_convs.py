# exercise: inception_module
# expect: fail
# why: no activation on any convolution: same shapes and parameters, but the module is linear
# message: FAILED relu_activations
# message: Branches with a convolution without relu:
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, strides=2, padding="same")(x)
    branch_b = layers.Conv2D(filters, 1, padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, strides=2, padding="same")(branch_b)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, padding="same")(branch_c)
    branch_d = layers.Conv2D(filters, 1, padding="same")(x)
    branch_d = layers.Conv2D(filters, 3, padding="same")(branch_d)
    branch_d = layers.Conv2D(filters, 3, strides=2, padding="same")(branch_d)
    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
