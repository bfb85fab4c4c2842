"""What the build process notes about a call that receives a given model.

`build_child.run_task` in process, on the `feature_extractor` test models:
object identity (the given's own inputs, new calls of its layers) is what
no saved file shows, and `Build.saves_given` saves the given model itself.
"""

from __future__ import annotations

import keras
import pytest
from keras import layers

from autograder import build_child, exercises
from autograder.exercise import Build
from autograder.protocol import BuildStatus, BuildTask

NAMES = ["hidden_2", "hidden_1"]


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def reuse(model, layer_names):
    return keras.Model(model.inputs, [model.get_layer(n).output for n in layer_names])


def recall(model, layer_names):
    x, found = model.inputs[0], {}
    for layer in model.layers[1:]:
        x = found[layer.name] = layer(x)
    return keras.Model(model.inputs, [found[n] for n in layer_names])


def new_input(model, layer_names):
    inputs = keras.Input(shape=model.inputs[0].shape[1:], name=model.inputs[0].name)
    x, found = inputs, {}
    for layer in model.layers[1:]:
        x = found[layer.name] = layer(x)
    return keras.Model(inputs, [found[n] for n in layer_names])


def run(function, saves_given=False):
    exercise = exercises.get("feature_extractor")
    build = Build("t", {"layer_names": NAMES}, given="mlp", seed=1, saves_given=saves_given)
    task = BuildTask.of(exercise, build)
    return build_child.run_task(task, {exercise.function: function}, keras)


def test_layer_calls_counts_symbolic_calls_and_not_model_construction():
    inputs = keras.Input((3,))
    dense = layers.Dense(2)
    outputs = dense(inputs)
    assert build_child.layer_calls(dense) == 1
    keras.Model(inputs, outputs)
    assert build_child.layer_calls(dense) == 1
    dense(keras.Input((3,)))
    assert build_child.layer_calls(dense) == 2


@pytest.mark.parametrize(
    "function, same_inputs, new_calls",
    [
        (reuse, True, []),
        (recall, True, ["hidden_1", "hidden_2", "embedding", "scores"]),
        (new_input, False, ["hidden_1", "hidden_2", "embedding", "scores"]),
    ],
)
def test_info_says_whether_the_result_reuses_the_given_graph(function, same_inputs, new_calls):
    model, outcome = run(function)
    assert outcome.status is BuildStatus.OK
    assert outcome.info["same_inputs"] is same_inputs
    assert outcome.info["given_new_calls"] == new_calls
    assert [t.name for t in model.inputs] == ["features"]


def test_saves_given_keeps_the_given_model_as_the_function_left_it():
    def freeze(model, layer_names):
        model.trainable = False
        return reuse(model, layer_names)

    model, outcome = run(freeze, saves_given=True)
    assert outcome.status is BuildStatus.OK
    assert model.name == "grader_test_mlp" and not model.trainable
    assert outcome.info["returned"] == "Functional"
