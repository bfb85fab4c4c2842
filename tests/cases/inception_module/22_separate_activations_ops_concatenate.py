# exercise: inception_module
# expect: pass
# why: correct; linear convs + Activation/ReLU()/ops.relu, tuple sizes, keras.ops.concatenate
import keras
from keras import layers


def conv(t, filters, kernel, strides=1):
    return layers.Conv2D(filters, kernel, strides=strides, padding="same")(t)


def inception_module(x, filters=128):
    a = layers.Activation("relu")(conv(x, filters, (1, 1), (2, 2)))

    b = layers.ReLU()(conv(x, filters, 1))
    b = keras.ops.relu(conv(b, filters, (3, 3), 2))

    c = layers.AveragePooling2D(pool_size=(3, 3), strides=(2, 2), padding="same")(x)
    c = layers.Activation("relu")(conv(c, filters, 3))

    d = keras.ops.relu(conv(x, filters, 1))
    d = layers.ReLU()(conv(d, filters, 3))
    d = layers.Activation("relu")(conv(d, filters, 3, 2))

    return keras.ops.concatenate([a, b, c, d], axis=-1)
