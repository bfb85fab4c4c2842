# exercise: inception_module
# expect: pass
# why: correct; the module is its own functional model, called on x (a nested model)
import keras
from keras import layers


def inception_module(x, filters=128):
    inputs = keras.Input(shape=x.shape[1:])
    a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(inputs)
    b = layers.Conv2D(filters, 1, activation="relu", padding="same")(inputs)
    b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(b)
    c = layers.AveragePooling2D(3, strides=2, padding="same")(inputs)
    c = layers.Conv2D(filters, 3, activation="relu", padding="same")(c)
    d = layers.Conv2D(filters, 1, activation="relu", padding="same")(inputs)
    d = layers.Conv2D(filters, 3, activation="relu", padding="same")(d)
    d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(d)
    outputs = layers.concatenate([a, b, c, d])
    return keras.Model(inputs, outputs, name="inception")(x)
