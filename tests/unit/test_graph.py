"""Graph analysis (`autograder.checks.graph`) on small models built in memory."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from autograder.checks import graph


@pytest.fixture(autouse=True)
def fresh_names():
    """Automatic layer names start again at each test, as in Keras's own tests."""
    keras.backend.clear_session()


def classes(chain):
    return [n.class_name for n in chain]


def two_inputs(width=4):
    return keras.Input((width,), name="left"), keras.Input((width,), name="right")


def test_chain_follows_a_single_path_and_skips_pass_through_layers():
    inputs = keras.Input((8,))
    x = layers.Dense(4, activation="relu")(inputs)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(3)(x)
    outputs = layers.Activation("softmax")(x)
    g = graph.Graph.of(keras.Model(inputs, outputs))

    chain = g.chain(g.outputs[0])

    assert classes(chain) == ["Dense", "Dense", "Activation"]
    assert [(n.config["units"], act) for n, act in graph.stages(chain)] == [
        (4, "relu"),
        (3, "softmax"),
    ]


def test_stages_fold_separate_activations_of_every_spelling():
    inputs = keras.Input((8,))
    a = layers.Activation("relu")(layers.Dense(5)(inputs))
    b = layers.ReLU()(layers.Dense(4)(a))
    c = keras.ops.sigmoid(layers.Dense(3)(b))
    outputs = layers.Softmax()(layers.Dense(2, activation="tanh")(c))
    g = graph.Graph.of(keras.Model(inputs, outputs))

    got = [(n.config.get("units"), act) for n, act in graph.stages(g.chain(g.outputs[0]))]

    # An activation after a layer that has its own is a stage of its own, marked "?".
    assert got == [(5, "relu"), (4, "relu"), (3, "sigmoid"), (2, "tanh"), (None, "?")]


def test_stages_mark_layers_of_another_kind():
    inputs = keras.Input((4, 4))
    x = layers.Flatten()(inputs)
    outputs = layers.Dense(2, activation="softmax")(x)
    g = graph.Graph.of(keras.Model(inputs, outputs))

    got = [(n.class_name, act) for n, act in graph.stages(g.chain(g.outputs[0]))]

    assert got == [("Flatten", "?"), ("Dense", "softmax")]


def test_y_plus_x_is_an_add_node_with_two_inputs():
    x = keras.Input((8,), name="x")
    y = layers.Dense(8)(x)
    g = graph.Graph.of(keras.Model(x, y + x))

    add = g.node(g.outputs[0])

    assert add.class_name == "Add"
    assert [g.node(r).class_name for r in add.inputs] == ["Dense", "InputLayer"]
    assert g.chain(g.outputs[0]) is None
    assert g.upstream(g.outputs[0]) == {add.layer, "x", g.node(add.inputs[0]).layer}


def test_keras_ops_calls_are_nodes_with_their_activation():
    x = keras.Input((8,))
    y = keras.ops.relu(layers.Dense(8)(x))
    g = graph.Graph.of(keras.Model(x, y))

    node = g.node(g.outputs[0])

    assert node.class_name == "Relu"
    assert node.activation() == "relu"


def test_a_shared_layer_is_one_layer_called_twice():
    left, right = two_inputs()
    shared = layers.Dense(3, name="shared")
    merged = layers.concatenate([shared(left), shared(right)])
    g = graph.Graph.of(keras.Model([left, right], merged))

    assert g.calls("shared") == 2
    assert [n.layer for n in g.nodes("Dense")] == ["shared", "shared"]
    merge = g.node(g.outputs[0])
    assert graph.merge_sides(g, merge, ("`left`", "`right`")) is None
    assert g.upstream(merge.inputs[1]) == {"shared", "right"}


def test_separate_layers_are_each_called_once():
    left, right = two_inputs()
    merged = layers.concatenate([layers.Dense(3)(left), layers.Dense(3)(right)])
    g = graph.Graph.of(keras.Model([left, right], merged))

    assert [g.calls(n.layer) for n in g.nodes("Dense")] == [1, 1]


@pytest.mark.parametrize(
    ("halves", "kind"),
    [
        (lambda a, b: [b, a], "swapped"),
        (lambda a, b: [a, a], "same"),
        (lambda a, b: [layers.add([a, b]), b], "mixed"),
    ],
)
def test_merge_sides_names_what_each_half_reads(halves, kind):
    left, right = two_inputs()
    a, b = layers.Dense(3)(left), layers.Dense(3)(right)
    g = graph.Graph.of(keras.Model([left, right], layers.concatenate(halves(a, b))))

    received, got = graph.merge_sides(g, g.node(g.outputs[0]), ("`left`", "`right`"))

    assert got == kind
    assert received.startswith("half 1 computed from ")


def test_a_nested_functional_model_is_opened_in_the_chain():
    inner_in = keras.Input((8,))
    inner = keras.Model(inner_in, layers.Dense(5)(layers.Dense(6)(inner_in)), name="inner")
    x = keras.Input((8,))
    g = graph.Graph.of(keras.Model(x, layers.Dense(2)(inner(x))))

    chain = g.chain(g.outputs[0])

    assert [n.config["units"] for n in chain] == [6, 5, 2]


def test_a_model_that_ends_with_a_nested_model_points_at_its_call():
    inner_in = keras.Input((8,))
    inner = keras.Model(inner_in, layers.Dense(5)(inner_in), name="inner")
    x = keras.Input((8,))
    g = graph.Graph.of(keras.Model(x, inner(x)))

    node = g.node(g.outputs[0])

    assert (node.class_name, node.layer) == ("Functional", "inner")
    assert [n.config["units"] for n in g.chain(g.outputs[0])] == [5]


def test_a_nested_model_called_on_two_inputs_keeps_each_call():
    base_in = keras.Input((4,))
    base = keras.Model(base_in, layers.Dense(2)(base_in), name="base")
    left, right = two_inputs()
    merged = layers.concatenate([base(left), base(right)])
    g = graph.Graph.of(keras.Model([left, right], merged))

    merge = g.node(g.outputs[0])

    assert g.calls("base") == 2
    assert [g.upstream(r) for r in merge.inputs] == [{"base", "left"}, {"base", "right"}]
    assert graph.merge_sides(g, merge, ("`left`", "`right`")) is None


def test_a_nested_sequential_model_is_opened_without_its_pass_through_layers():
    inner = keras.Sequential([layers.Dense(6), layers.Dropout(0.1), layers.Dense(5)])
    x = keras.Input((8,))
    g = graph.Graph.of(keras.Model(x, inner(x)))

    assert [n.config["units"] for n in g.chain(g.outputs[0])] == [6, 5]


def test_the_graph_is_the_same_after_a_keras_file_round_trip(tmp_path):
    base_in = keras.Input((4,))
    base = keras.Model(base_in, layers.Dense(2)(base_in), name="base")
    left, right = two_inputs()
    model = keras.Model([left, right], layers.concatenate([base(left), base(right)]))
    path = tmp_path / "model.keras"
    model.save(path)

    before = graph.Graph.of(model)
    after = graph.Graph.of(keras.saving.load_model(path, safe_mode=True))

    assert after.inputs == before.inputs and after.outputs == before.outputs
    assert after.node(after.outputs[0]) == before.node(before.outputs[0])


def test_a_sequential_model_is_not_a_functional_graph():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])

    with pytest.raises(ValueError, match="Not a functional model config"):
        graph.Graph.of(model)


def test_describe_writes_calls_as_a_learner_would():
    x = keras.Input((None,), dtype="int32")
    e = layers.Embedding(100, 8)(x)
    h = layers.LSTM(4)(e)
    y = layers.Dense(3, activation="softmax")(h)
    g = graph.Graph.of(keras.Model(x, y))

    got = [graph.describe(n) for n in g.chain(g.outputs[0])]

    assert got == ["Embedding(100, 8)", "LSTM(4)", "Dense(3, softmax)"]
