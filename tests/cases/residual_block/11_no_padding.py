# exercise: residual_block
# expect: fail
# why: the convs keep padding="valid": the main path shrinks and cannot be added to x
# message: FAILED builds
# message: Shapes that cannot be added
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu")(x)
        y = layers.Conv2D(filters, 3, activation="relu")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    y = layers.Conv2D(filters, 3, activation="relu")(x)
    y = layers.Conv2D(filters, 3, activation="relu")(y)
    y = layers.Conv2D(filters, 3, activation="relu")(y)
    return layers.add([y, x])
