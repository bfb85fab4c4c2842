# exercise: residual_block
# expect: fail
# why: the downsampling path uses average pooling, not max pooling: same shapes and parameters
# message: FAILED downsample_main_path
# message: Average pooling in place of max pooling
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.AveragePooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
