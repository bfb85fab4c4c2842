# exercise: residual_block
# expect: fail
# why: downsample=True adds x itself to the pooled path: the shapes differ and the sum raises
# message: FAILED builds_downsample
# message: Shapes that cannot be added
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
    else:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return y + x
