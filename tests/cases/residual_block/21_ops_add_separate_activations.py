# exercise: residual_block
# expect: pass
# why: correct; keras.ops.add, linear convs + ReLU()/Activation/ops.relu, tuple kernel sizes
import keras
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.ReLU()(layers.Conv2D(filters, (3, 3), padding="same")(x))
    y = layers.Activation("relu")(layers.Conv2D(filters, (3, 3), padding="same")(y))
    if downsample:
        y = layers.MaxPooling2D(pool_size=(2, 2))(y)
        shortcut = layers.Conv2D(filters, (1, 1), strides=(2, 2))(x)
    else:
        y = keras.ops.relu(layers.Conv2D(filters, (3, 3), padding="same")(y))
        shortcut = x
    return keras.ops.add(shortcut, y)
