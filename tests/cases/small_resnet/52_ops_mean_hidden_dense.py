# exercise: small_resnet
# expect: pass
# why: correct; keras.ops.add with the shortcut first, keras.ops.mean over height and width, a hidden Dense with dropout, a Softmax layer
import keras
from keras import layers


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Conv2D(12, 3, padding="same")(inputs)
    x = layers.Activation("relu")(x)
    y = layers.Conv2D(12, 3, padding="same")(x)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(12, 3, padding="same")(y)
    x = layers.ReLU()(keras.ops.add(x, y))
    y = layers.Conv2D(24, 3, strides=(2, 2), padding="same", activation="relu")(x)
    y = layers.Conv2D(24, 3, padding="same")(y)
    x = layers.ReLU()(keras.ops.add(layers.Conv2D(24, (1, 1), strides=(2, 2))(x), y))
    x = keras.ops.mean(x, axis=[1, 2])
    x = layers.Dense(32, activation="relu")(x)
    x = layers.Dropout(0.1)(x)
    x = layers.Dense(num_classes)(x)
    outputs = layers.Softmax()(x)
    return keras.Model(inputs=inputs, outputs=outputs)
