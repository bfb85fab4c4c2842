# exercise: small_resnet
# expect: fail
# why: global max pooling in place of global average pooling
# message: FAILED global_average_pooling
# message: Global max pooling keeps each channel's largest value
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
    x = layers.GlobalMaxPooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
