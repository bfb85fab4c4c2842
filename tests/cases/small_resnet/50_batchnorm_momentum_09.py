# exercise: small_resnet
# expect: pass
# why: correct; BatchNormalization after every convolution (the projection too) with momentum 0.9, which settles in 15 epochs
import keras
from keras import layers


def conv_bn(x, filters, strides=1, relu=True):
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(momentum=0.9)(x)
    return layers.ReLU()(x) if relu else x


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = conv_bn(inputs, 16)
    y = conv_bn(conv_bn(x, 16), 16, relu=False)
    x = layers.ReLU()(layers.add([x, y]))
    y = conv_bn(conv_bn(x, 32, strides=2), 32, relu=False)
    shortcut = layers.Conv2D(32, 1, strides=2, use_bias=False)(x)
    shortcut = layers.BatchNormalization(momentum=0.9)(shortcut)
    x = layers.ReLU()(layers.add([y, shortcut]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
