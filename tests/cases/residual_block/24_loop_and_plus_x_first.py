# exercise: residual_block
# expect: pass
# why: correct; convs in a loop, the sum written x + y, MaxPooling2D(2) with default strides
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = x
    for _ in range(2 if downsample else 3):
        y = layers.Conv2D(filters, kernel_size=3, padding="same", activation="relu")(y)
    if downsample:
        y = layers.MaxPooling2D(2)(y)
        x = layers.Conv2D(filters, kernel_size=1, strides=2)(x)
    return x + y
