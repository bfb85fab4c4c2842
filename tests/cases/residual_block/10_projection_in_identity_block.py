# exercise: residual_block
# expect: fail
# why: the identity block projects x with a 1x1 conv although x has `filters` channels
# message: FAILED param_count
# message: FAILED skip_source
# message: The shortcut is `x -> Conv2D(128, 1, linear)`
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, layers.Conv2D(filters, 1)(x)])
