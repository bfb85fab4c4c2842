"""Reference solution of `residual_block`: the residual connection of the source."""

from keras import layers


def residual_block(x, filters=128, downsample=False):
    """A residual block: a stack of convolutions plus a shortcut from `x`.

    With `downsample=False` three 3x3 convolutions (`relu`, `padding="same"`)
    keep the shape of `x`, and `x` itself is added to their output (identity
    skip; `x` must have `filters` channels). With `downsample=True` two 3x3
    convolutions are followed by 2x2 max pooling with stride 2, and the
    shortcut is a linear 1x1 convolution of `x` with stride 2, so that both
    tensors have half the height and width and `filters` channels. The sum
    is returned as is, with no activation after it, as in the source text.

    Args:
        x: A 4D tensor `(batch, height, width, channels)` with even height
            and width; with `downsample=False`, `channels == filters`.
        filters: Number of filters of every convolution (default 128).
        downsample: Whether to halve the height and width (default `False`).

    Returns:
        A tensor `(batch, height, width, filters)`, or
        `(batch, height / 2, width / 2, filters)` with `downsample=True`.
    """
    if downsample:
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
        y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
        y = layers.MaxPooling2D(2, strides=2)(y)
        residual = layers.Conv2D(filters, 1, strides=2)(x)
        return layers.add([y, residual])
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    y = layers.Conv2D(filters, 3, activation="relu", padding="same")(y)
    return layers.add([y, x])
