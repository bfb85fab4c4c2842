# exercise: small_resnet
# expect: fail
# why: the input shape and the number of classes are hard-coded: right at the defaults only
# message: FAILED arguments_used
# message: Input (None, 8, 8, 1), output (None, 10)
import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=(8, 8, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(16, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, x]))
    y = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
    y = layers.Conv2D(32, 3, padding="same")(y)
    x = layers.Activation("relu")(layers.add([y, layers.Conv2D(32, 1, strides=2)(x)]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)
