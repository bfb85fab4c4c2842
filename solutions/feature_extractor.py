"""Reference solution of `feature_extractor`: named inner layers of a given model as outputs."""

import keras


def build_feature_extractor(model, layer_names):
    """A model that returns the outputs of named inner layers of `model`.

    Feature extraction with the functional API: every layer of a functional
    model keeps the tensor it produced, so a new `keras.Model` from the same
    inputs to those tensors reuses the layers (and their weights) without
    copying or calling them again (the lesson's `07_putting_it_together`).

    Args:
        model: A functional `keras.Model`, one input or several.
        layer_names: Names of top-level, non-input layers of `model`, in the
            order the outputs should have.

    Returns:
        A functional `keras.Model` whose inputs are `model.inputs` (the same
        tensors, in order) and whose outputs are the outputs of the named
        layers, as a list in the order of `layer_names`.

    Raises:
        ValueError: if a name is not a layer of `model` (from `get_layer`).
    """
    outputs = [model.get_layer(name).output for name in layer_names]
    return keras.Model(model.inputs, outputs)
