# exercise: small_resnet
# expect: pass
# why: correct; bottleneck blocks (1x1, 3x3, 1x1 convolutions), the identity block taken from the stem's relu layer, pooling with keepdims then Flatten
import keras
from keras import layers


def bottleneck(x, filters, strides=1, project=False):
    y = layers.Conv2D(filters // 2, 1, activation="relu")(x)
    y = layers.Conv2D(filters // 2, 3, strides=strides, padding="same", activation="relu")(y)
    y = layers.Conv2D(filters, 1)(y)
    shortcut = layers.Conv2D(filters, 1, strides=strides)(x) if project else x
    return layers.ReLU()(layers.add([shortcut, y]))


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.ReLU()(layers.Conv2D(32, 3, padding="same")(inputs))
    x = bottleneck(x, 32)
    x = bottleneck(x, 64, strides=2, project=True)
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))
