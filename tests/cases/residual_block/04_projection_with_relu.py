# exercise: residual_block
# expect: fail
# why: the 1x1 projection has a relu: same shapes and parameters, but the projection is linear
# message: FAILED projection
# message: Linear projection
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        residual = layers.Conv2D(filters, 1, strides=2, activation="relu")(x)
        return layers.add([y, residual])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
