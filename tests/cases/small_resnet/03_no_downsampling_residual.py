# exercise: small_resnet
# expect: fail
# why: two identity blocks with max pooling between them: it downsamples, but no shortcut is a stride-2 projection
# message: FAILED downsampling_residual
# message: Halve the height and width inside a block
import keras
from keras import layers


def identity_block(x, filters):
    y = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    return layers.Activation("relu")(layers.add([y, x]))


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    x = identity_block(x, 16)
    x = layers.MaxPooling2D(2)(x)
    x = identity_block(x, 16)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
