"""Residual connections read from the opened-up graph (`graph.FlatGraph`, `graph.residuals`)."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from autograder.checks import graph


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def conv(filters=8, kernel=3, strides=1, **kwargs):
    return layers.Conv2D(filters, kernel, strides=strides, padding="same", **kwargs)


def read(model) -> list[tuple]:
    """`(is_residual, shortcut classes, strides, convs)` of every add, in graph order."""
    return [
        (r.is_residual, [n.class_name for n in r.shortcut], r.strides, r.convs)
        for r in graph.residuals(graph.FlatGraph.of(model))
    ]


ADDS = {
    "layers.add": lambda y, x: layers.add([y, x]),
    "layers.Add()": lambda y, x: layers.Add()([x, y]),
    "y + x": lambda y, x: y + x,
    "keras.ops.add": lambda y, x: keras.ops.add(x, y),
}


@pytest.mark.parametrize("spelling", ADDS)
def test_every_spelling_of_the_sum_is_an_identity_residual(spelling):
    x = keras.Input((8, 8, 8))
    y = conv()(layers.Activation("relu")(conv()(x)))

    assert read(keras.Model(x, ADDS[spelling](y, x))) == [(True, [], (1, 1), 2)]


def test_a_projection_with_batch_normalization_downsamples():
    x = keras.Input((8, 8, 8))
    y = conv(16)(conv(16, strides=2, activation="relu")(x))
    shortcut = layers.BatchNormalization(momentum=0.9)(conv(16, kernel=1, strides=2)(x))
    (residual,) = graph.residuals(graph.FlatGraph.of(keras.Model(x, layers.add([y, shortcut]))))

    assert residual.is_residual and residual.downsamples
    assert [n.class_name for n in residual.shortcut] == ["Conv2D", "BatchNormalization"]
    assert residual.start == "input_layer"


def test_a_skip_from_an_inner_tensor_skips_one_convolution_only():
    x = keras.Input((8, 8, 8))
    inner = conv(activation="relu")(x)
    y = conv()(inner)

    assert read(keras.Model(x, layers.add([y, inner]))) == [(False, [], (1, 1), 1)]


def test_the_main_path_may_not_run_through_the_projection():
    # shortcut = 1x1 conv of x; the "main path" continues from the shortcut: as a
    # projection it has no path from x; as an identity (T = shortcut) it has 2 convs.
    x = keras.Input((8, 8, 8))
    shortcut = conv(kernel=1)(x)
    y = conv()(conv()(shortcut))

    assert read(keras.Model(x, layers.add([y, shortcut]))) == [(True, [], (1, 1), 2)]


def test_an_add_of_unrelated_tensors_is_no_residual():
    a, b = keras.Input((8, 8, 8)), keras.Input((8, 8, 8))
    model = keras.Model([a, b], layers.add([conv()(conv()(a)), b]))

    assert read(model) == [(False, [], (1, 1), None)]


def test_nested_block_models_are_opened_once_per_call():
    inner = keras.Input((8, 8, 8))
    y = conv()(conv(activation="relu")(inner))
    block = keras.Model(inner, keras.ops.relu(y + inner), name="block")
    x = keras.Input((8, 8, 8))
    head = keras.Sequential([layers.GlobalAveragePooling2D(), layers.Dense(3)], name="head")
    flat = graph.FlatGraph.of(keras.Model(x, head(block(block(x)))))

    assert [r.convs for r in graph.residuals(flat)] == [2, 2]
    assert [n.class_name for n in flat.calls.values()].count("Conv2D") == 4
    assert flat.producer(flat.outputs[0]).class_name == "Dense"
    assert flat.producer(flat.back(flat.outputs[0])).class_name == "GlobalAveragePooling2D"


def test_convs_between_counts_the_longest_path_and_honours_avoid():
    x = keras.Input((8, 8, 8))
    short = conv()(x)
    long = conv()(conv()(conv()(x)))
    out = layers.add([short, long])
    flat = graph.FlatGraph.of(keras.Model(x, out))
    start, end = flat.inputs[0], flat.outputs[0]
    add_key = end[0]

    assert flat.convs_between(start, end) == 3
    assert flat.convs_between(start, end, avoid={add_key}) is None
    assert flat.convs_between(end, start) is None
