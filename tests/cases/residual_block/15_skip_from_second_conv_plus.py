# exercise: residual_block
# expect: fail
# why: the identity skip is the second conv's output, written with +: same shapes and params
# message: FAILED skip_source
# message: output of the 2nd layer of the main path
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return y + layers.Conv2D(filters, 1, strides=2)(x)
    x = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    x = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    return y + x
