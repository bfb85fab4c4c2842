# exercise: inception_module
# expect: fail
# why: branch d starts from branch b's 1x1 output instead of x (one 1x1 convolution fewer)
# message: FAILED param_count
# message: FAILED branches_from_x
# message: Each branch starts at `x`
from keras import layers


def inception_module(x, filters=128):
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)
    reduced = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(reduced)
    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)
    branch_d = layers.Conv2D(filters, 3, activation="relu", padding="same")(reduced)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_d)
    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
