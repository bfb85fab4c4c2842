# exercise: residual_block
# expect: pass
# why: correct; layers.Add() with x first (the arguments of the sum swapped)
from keras import layers


def residual_block(x, filters=128, downsample=False):
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        residual = layers.Conv2D(filters, 1, strides=2, padding="same")(x)
        return layers.Add()([residual, y])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.Add()([x, y])
