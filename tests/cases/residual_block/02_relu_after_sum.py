# exercise: residual_block
# expect: fail
# why: a relu follows the sum: same shapes and parameters, but the block returns the sum itself
# message: FAILED output_is_sum
# message: After the sum: Activation(relu)
# message: FAILED identity_at_zero_weights
from keras import layers


def residual_block(x, filters=128, downsample=False):
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    if downsample:
        y = layers.MaxPooling2D(2, strides=2)(y)
        shortcut = layers.Conv2D(filters, 1, strides=2)(x)
    else:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        shortcut = x
    y = layers.add([y, shortcut])
    return layers.Activation("relu")(y)
