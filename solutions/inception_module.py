"""Reference solution of `inception_module`: the four-branch Inception block of the source."""

from keras import layers


def inception_module(x, filters=128):
    """An Inception-style module: four parallel branches, concatenated.

    Every branch starts from `x` and halves its height and width; each
    convolution uses `activation="relu"` and `padding="same"`:

    - `branch_a`: 1x1 convolution with stride 2;
    - `branch_b`: 1x1 convolution, then 3x3 convolution with stride 2;
    - `branch_c`: 3x3 average pooling with stride 2, then 3x3 convolution;
    - `branch_d`: 1x1 convolution, 3x3 convolution, then 3x3 convolution
      with stride 2.

    The four maps are concatenated on the channel axis (the last one).
    The source text leaves out `padding="same"`: its branches then give
    16, 15, 13 and 14-pixel maps on a 32-pixel input, which `concatenate`
    refuses. With `"same"` padding every branch gives 16 pixels.

    Args:
        x: A 4D tensor `(batch, height, width, channels)`, e.g. from
            `keras.Input(shape=(32, 32, 64))`.
        filters: Number of filters of every convolution (default 128).

    Returns:
        A tensor `(batch, ceil(height / 2), ceil(width / 2), 4 * filters)`;
        on a `(32, 32, 64)` input `(None, 16, 16, 512)`, with 541,568
        parameters.
    """
    branch_a = layers.Conv2D(filters, 1, activation="relu", strides=2, padding="same")(x)

    branch_b = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_b = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_b)

    branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    branch_c = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_c)

    branch_d = layers.Conv2D(filters, 1, activation="relu", padding="same")(x)
    branch_d = layers.Conv2D(filters, 3, activation="relu", padding="same")(branch_d)
    branch_d = layers.Conv2D(filters, 3, activation="relu", strides=2, padding="same")(branch_d)

    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
