# exercise: residual_block
# expect: fail
# why: one Conv2D layer object is called three times, so the three convolutions share their weights
# message: FAILED param_count
# message: FAILED main_path
# message: Shared weights
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    conv = layers.Conv2D(filters, 3, activation="relu", padding="same")
    y = conv(conv(conv(x)))
    return layers.add([y, x])
