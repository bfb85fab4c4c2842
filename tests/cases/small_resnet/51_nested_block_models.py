# exercise: small_resnet
# expect: pass
# why: correct; each residual block is its own functional model called as a layer, the sum written `y + x`, relu as keras.ops
import keras
from keras import layers


def block(shape, filters, downsample, name):
    x = keras.Input(shape=shape)
    strides = 2 if downsample else 1
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    shortcut = layers.Conv2D(filters, 1, strides=2)(x) if downsample else x
    return keras.Model(x, keras.ops.relu(y + shortcut), name=name)


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(inputs)
    x = block(x.shape[1:], 16, False, "identity_block")(x)
    x = block(x.shape[1:], 32, True, "downsampling_block")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="small_resnet")
