# exercise: residual_block
# expect: pass
# why: correct; a linear Activation after the sum changes nothing
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
        x = layers.Conv2D(filters, 1, strides=2, activation="linear")(x)
    else:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.Activation("linear")(layers.add([y, x]))
