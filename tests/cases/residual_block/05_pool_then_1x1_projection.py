# exercise: residual_block
# expect: fail
# why: the shortcut pools x, then a stride-1 1x1 conv: same shapes and parameters
# message: FAILED projection
# message: Strided projection, not pooling
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        residual = layers.MaxPooling2D(2, strides=2)(x)
        residual = layers.Conv2D(filters, 1)(residual)
        return layers.add([y, residual])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
