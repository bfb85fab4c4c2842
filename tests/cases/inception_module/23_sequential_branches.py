# exercise: inception_module
# expect: pass
# why: correct; each branch is a small Sequential model used as a layer on x, with named layers
import keras
from keras import layers


def inception_module(x, filters=128):
    def branch(name, *stack):
        return keras.Sequential(list(stack), name=name)(x)

    def conv(kernel, strides=1):
        return layers.Conv2D(filters, kernel, strides=strides, activation="relu", padding="same")

    outputs = [
        branch("tower_1", conv(1, 2)),
        branch("tower_2", conv(1), conv(3, 2)),
        branch("tower_3", layers.AveragePooling2D(3, strides=2, padding="same"), conv(3)),
        branch("tower_4", conv(1), conv(3), conv(3, 2)),
    ]
    return layers.concatenate(outputs, name="mixed")
