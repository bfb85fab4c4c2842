# exercise: residual_block
# expect: fail
# why: 128 filters written into every Conv2D: the filters argument is ignored
# message: FAILED builds_identity_small
# message: Shapes that differ only in channels (128 and 16)
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(128, 1, strides=2)(x)])
    y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
