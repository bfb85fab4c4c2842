# exercise: residual_block
# expect: pass
# why: correct; the block is its own functional model, called on x (a nested model)
import keras
from keras import layers


def residual_block(x, filters=128, downsample=False):
    inputs = keras.Input(shape=x.shape[1:])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(inputs)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
        y = layers.add([y, layers.Conv2D(filters, 1, strides=2)(inputs)])
    else:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.add([y, inputs])
    return keras.Model(inputs, y, name="residual")(x)
