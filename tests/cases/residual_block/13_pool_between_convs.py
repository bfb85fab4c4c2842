# exercise: residual_block
# expect: fail
# why: the downsampling block pools between its two convs: same shapes and parameters
# message: FAILED downsample_main_path
# message: Different layers
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.MaxPooling2D(2, strides=2)(y)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
