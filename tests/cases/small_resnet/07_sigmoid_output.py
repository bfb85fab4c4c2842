# exercise: small_resnet
# expect: fail
# why: sigmoid in place of softmax: the rows of the output do not sum to 1
# message: FAILED softmax_output
import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(16, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, x]))
    y = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
    y = layers.Conv2D(32, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, layers.Conv2D(32, 1, strides=2)(x)]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
