"""Reference solution of `small_resnet`: a small residual network for 8x8 digits."""

import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    """A small ResNet: a stem convolution, an identity block, a downsampling block.

    The stem `Conv2D(16, 3)` makes 16 channels. The identity block adds its
    input to two 3x3 convolutions (identity shortcut). The downsampling block
    halves the height and width with a stride-2 3x3 convolution, so its
    shortcut is a linear 1x1 convolution with stride 2 (projection shortcut)
    that also maps 16 channels to 32. Global average pooling then gives one
    32-vector per image for the softmax classifier. Each block follows the
    residual connections of the source text (lesson 4), in the ResNet
    arrangement: relu after the first convolution and after the sum.

    Args:
        input_shape: Shape of one image, `(height, width, channels)`, without
            the batch axis; height and width even.
        num_classes: Number of classes; the output is a softmax over them.

    Returns:
        A functional `keras.Model` from `(None, *input_shape)` to
        `(None, num_classes)`; 19,562 parameters with the defaults.
    """
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)

    y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(16, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, x]))

    y = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
    y = layers.Conv2D(32, 3, padding="same")(y)
    shortcut = layers.Conv2D(32, 1, strides=2)(x)
    x = layers.Activation("relu")(layers.add([y, shortcut]))

    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
