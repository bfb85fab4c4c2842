# exercise: residual_block
# expect: fail
# why: the downsampling branch is written and the identity branch raises its own NotImplementedError: an error to fix, not "not attempted"
# message: FAILED builds
# message: NotImplementedError: still thinking about it
# message: Fix this error first
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    raise NotImplementedError("still thinking about it")
