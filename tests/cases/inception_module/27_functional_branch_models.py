# exercise: inception_module
# expect: pass
# why: correct; each branch is a small functional model (a nested model used as a layer on x)
import keras
from keras import layers


def tower(x, *stack):
    inputs = keras.Input(shape=x.shape[1:])
    y = inputs
    for layer in stack:
        y = layer(y)
    return keras.Model(inputs, y)(x)


def inception_module(x, filters=128):
    def conv(kernel, strides=1):
        return layers.Conv2D(filters, kernel, strides=strides, activation="relu", padding="same")

    return layers.concatenate(
        [
            tower(x, conv(1, 2)),
            tower(x, conv(1), conv(3, 2)),
            tower(x, layers.AveragePooling2D(3, strides=2, padding="same"), conv(3)),
            tower(x, conv(1), conv(3), conv(3, 2)),
        ]
    )
