"""Named outputs and the Dense heads behind them (`autograder.checks.outputs`)."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from autograder.checks import graph, outputs
from autograder.checks.framework import Fail


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


class Built:
    """What `judge.Models` gives a check: the model of each build."""

    def __init__(self, m):
        self.m = m

    def get(self, build="default"):
        return self.m


def two_heads(as_dict=False, names=("a", "b")):
    inputs = keras.Input((4,))
    x = layers.Dense(3, name="trunk")(inputs)
    a = layers.Activation("sigmoid", name=names[0])(layers.Dense(1)(x))
    b = layers.Dense(2, activation="softmax", name=names[1])(layers.Dropout(0.0)(x))
    return keras.Model(inputs, {"b": b, "a": a} if as_dict else [a, b])


def test_named_outputs_go_by_layer_name_for_a_list_and_by_key_for_a_dict():
    assert [n for n, _ in outputs.named_outputs(two_heads())] == ["a", "b"]
    as_dict = two_heads(as_dict=True, names=("x", "y"))
    assert [n for n, _ in outputs.named_outputs(as_dict)] == ["b", "a"]
    assert outputs.outputs_are_dict(as_dict) and not outputs.outputs_are_dict(two_heads())
    assert list(outputs.by_name(two_heads(), [1, 2])) == ["a", "b"]


def test_head_folds_a_separate_activation_and_skips_pass_through_layers():
    m = two_heads()
    g = graph.Graph.of(m)
    got = [outputs.head(g, ref) for _, ref in outputs.named_outputs(m)]

    assert [(node.config["units"], act) for node, act, _ in got] == [(1, "sigmoid"), (2, "softmax")]
    assert [g.node(source).class_name for _, _, source in got] == ["Dense", "Dropout"]


def test_names_check_accepts_a_dict_and_names_the_mistake():
    check = outputs.names(("a", "b"))
    assert check.run(Built(two_heads(as_dict=True))) == "a dict keyed by b, a"
    with pytest.raises(Fail) as order:
        check.run(Built(two_heads(names=("b", "a"))))
    assert "in this order" in order.value.expected
    with pytest.raises(Fail) as failure:
        check.run(Built(two_heads(names=("c", "d"))))
    assert "`c`, `d`" in failure.value.received
