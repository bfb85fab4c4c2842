"""Reference solution of `siamese`: one vision model applied to two images."""

import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    """A siamese model: the same base model reads two images.

    `base_model` is called as a layer on both inputs, so the two branches
    share one set of weights (the "twins"); nothing is copied and no new
    network is made. The two feature maps are concatenated on the last
    (channel) axis in the order `[left, right]`.

    The source text writes `right_input = xception_base(right_input)`: that
    overwrites the right `keras.Input` with features, so the model can no
    longer be built from its inputs. Here the features get their own name.

    Args:
        base_model: A `keras.Model` that maps an image of `input_shape` to a
            feature map `(h, w, c)`, e.g.
            `keras.applications.Xception(weights=None, include_top=False)`.
        input_shape: Shape of one image, without the batch axis.

    Returns:
        A functional `keras.Model` with inputs `[left_input, right_input]`,
        each `(None, *input_shape)`, and output `(None, h, w, 2 * c)`. With
        Xception on `(250, 250, 3)` images: `(None, 8, 8, 4096)` and
        20,861,480 parameters, all of them the base's.
    """
    left_input = keras.Input(shape=input_shape, name="left_input")
    right_input = keras.Input(shape=input_shape, name="right_input")

    left_features = base_model(left_input)
    right_features = base_model(right_input)

    merged_features = layers.concatenate([left_features, right_features], axis=-1)
    return keras.Model([left_input, right_input], merged_features)
