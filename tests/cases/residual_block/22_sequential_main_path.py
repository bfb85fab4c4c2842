# exercise: residual_block
# expect: pass
# why: correct; main path as a Sequential with named layers; valid padding on pool and 1x1
import keras
from keras import layers


def residual_block(x, filters=128, downsample=False):
    stack = [
        layers.Conv2D(filters, 3, activation="relu", padding="same", name=f"conv_{i}")
        for i in range(2 if downsample else 3)
    ]
    if downsample:
        stack.append(layers.MaxPooling2D(2, strides=2, padding="valid", name="pool"))
    main = keras.Sequential(stack, name="main_path")(x)
    if downsample:
        shortcut = layers.Conv2D(filters, 1, strides=2, padding="valid", name="projection")(x)
    else:
        shortcut = x
    return layers.add([main, shortcut], name="residual_sum")
