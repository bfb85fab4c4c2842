# exercise: small_resnet
# expect: fail
# why: a Sequential model: it cannot express a skip connection, and the exercise is about the functional API
# message: FAILED functional_model
import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
