# exercise: residual_block
# expect: fail
# why: the identity block's convs have no activation: same shapes and parameters
# message: FAILED main_path
# message: Linear convolution
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    y = layers.Conv2D(filters, 3, padding="same")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    return layers.add([y, x])
