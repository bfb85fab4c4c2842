# exercise: residual_block
# expect: fail
# why: downsample is ignored: the identity block on a 64-channel x cannot add x to 128 channels
# message: FAILED builds_downsample
# message: Shapes that cannot be added
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
