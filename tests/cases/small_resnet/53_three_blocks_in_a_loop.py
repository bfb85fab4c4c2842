# exercise: small_resnet
# expect: pass
# why: correct, another design: a wider stem, three blocks of two kinds in a loop (`layers.Add()`), the last one down to 2x2
import keras
from keras import layers


def residual(x, filters, strides):
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    if strides != 1 or x.shape[-1] != filters:
        x = layers.Conv2D(filters, 1, strides=strides, padding="same")(x)
    return layers.Activation("relu")(layers.Add()([x, y]))


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(24, 3, padding="same", activation="relu")(inputs)
    for filters, strides in ((24, 1), (32, 2), (40, 2)):
        x = residual(x, filters, strides)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))
