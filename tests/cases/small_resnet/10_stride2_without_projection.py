# exercise: small_resnet
# expect: fail
# why: the downsampling block adds its input as it is: (4, 4, 32) and (8, 8, 16) cannot be added, the build fails
# message: FAILED builds
# message: An add of shapes (4, 4, 32) and (8, 8, 16)
# message: layers.Conv2D(filters, 1, strides=2)(T)
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
    x = layers.Activation("relu")(layers.add([y, x]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
