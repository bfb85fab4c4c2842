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


# --- the flat graph: nested models opened ---------------------------------------


def test_flat_opens_a_nested_model_with_two_inputs_and_two_outputs():
    a_in, b_in = keras.Input((None,), dtype="int32"), keras.Input((None,), dtype="int32")
    shared = layers.Embedding(10, 4, name="words")
    a_code = layers.GlobalAveragePooling1D()(shared(a_in))
    b_code = layers.GlobalMaxPooling1D()(shared(b_in))
    branch = keras.Model([a_in, b_in], [a_code, b_code], name="branch")
    a = keras.Input((None,), dtype="int32", name="a")
    b = keras.Input((None,), dtype="int32", name="b")
    first, second = branch([a, b])
    merged = layers.concatenate([second, first], name="merge")
    fg = graph.Flat.of(keras.Model([a, b], layers.Dense(1)(merged)))

    merge = fg.node(fg.node(fg.outputs[0]).inputs[0])
    chains = [fg.chain(t) for t in merge.inputs]

    assert merge.layer == "merge"
    assert [[n.layer for n in c] for c in chains] == [
        ["branch/words", "branch/global_max_pooling1d"],
        ["branch/words", "branch/global_average_pooling1d"],
    ]
    assert [fg.upstream(t) & {"a", "b"} for t in merge.inputs] == [{"b"}, {"a"}]


def test_flat_gives_one_path_to_a_sequential_model_called_twice():
    words = keras.Sequential([layers.Embedding(10, 4, name="table")], name="words")
    a = keras.Input((None,), dtype="int32", name="a")
    b = keras.Input((None,), dtype="int32", name="b")
    a_code = layers.GlobalAveragePooling1D()(words(a))
    b_code = layers.GlobalAveragePooling1D()(layers.Dropout(0.0)(words(b)))
    fg = graph.Flat.of(keras.Model([a, b], layers.add([a_code, b_code])))

    add = fg.node(fg.outputs[0])
    chains = [fg.chain(t) for t in add.inputs]

    assert add.class_name == "Add"
    assert [[n.layer for n in c] for c in chains] == [
        ["words/table", chains[0][1].layer],
        ["words/table", chains[1][1].layer],
    ]


def test_flat_of_a_plain_model_is_its_graph():
    inputs = keras.Input((8,), name="x")
    outputs = layers.Dense(2, activation="relu", name="d")(layers.Dropout(0.1)(inputs))
    fg = graph.Flat.of(keras.Model(inputs, outputs))

    node = fg.node(fg.outputs[0])

    assert (node.layer, node.activation()) == ("d", "relu")
    assert fg.node(fg.skip(node.inputs[0])).layer == "x"
    assert [n.layer for n in fg.chain(fg.outputs[0])] == ["d"]


def test_fold_joins_a_separate_activation_to_any_linear_layer():
    inputs = keras.Input((None, 4))
    x = layers.Activation("relu")(layers.Conv1D(3, 2)(inputs))
    x = layers.GlobalMaxPooling1D()(x)
    g = graph.Graph.of(keras.Model(inputs, keras.ops.sigmoid(layers.Dense(1)(x))))

    stages = [(n.class_name, a) for n, a in graph.fold(g.chain(g.outputs[0]))]

    assert stages == [
        ("Conv1D", "relu"),
        ("GlobalMaxPooling1D", "linear"),
        ("Dense", "sigmoid"),
    ]
    assert graph.stage_text(g.chain(g.outputs[0])[0], "relu") == "Conv1D(3, 2, relu)"
