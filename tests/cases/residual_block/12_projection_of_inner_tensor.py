# exercise: residual_block
# expect: fail
# why: downsample=True: the 1x1 projection is applied to the first conv's output, not x
# message: FAILED downsample_param_count
# message: FAILED downsample_skip_source
# message: Skip from an inner tensor
from keras import layers


def residual_block(x, filters=128, downsample=False):
    first = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(first)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
        return layers.add([y, layers.Conv2D(filters, 1, strides=2)(first)])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
