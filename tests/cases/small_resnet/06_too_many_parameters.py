# exercise: small_resnet
# expect: fail
# why: 64 and 128 filters: a correct ResNet, but far over the 60,000-parameter budget
# message: FAILED param_budget
# message: the largest layers
import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(inputs)
    y = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(64, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, x]))
    y = layers.Conv2D(128, 3, strides=2, padding="same", activation="relu")(x)
    y = layers.Conv2D(128, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, layers.Conv2D(128, 1, strides=2)(x)]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
