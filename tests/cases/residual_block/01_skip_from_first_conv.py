# exercise: residual_block
# expect: fail
# why: the identity skip is the first conv's output (same shape as x): same shapes and parameters
# message: FAILED skip_source
# message: The shortcut starts at the output of the 1st layer of the main path
# message: Skip from an inner tensor
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    first = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(first)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, first])
