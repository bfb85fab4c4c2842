"""The next step when a shape has an axis more or fewer: `checks.model` rank advice.

Pure Python on hand-made shapes, configs and Keras error texts: no
TensorFlow, no subprocess. The end-to-end counterparts are the catalogue
cases that name an axis (`tests/cases/*/`, e.g. `social_model/16_no_global_pooling`).
"""

from __future__ import annotations

import pytest

from autograder.checks import model


def _config(*layers: tuple[str, dict]) -> dict:
    """A functional config holding `(class_name, config)` layers."""
    return {"layers": [{"class_name": c, "config": {"name": c.lower(), **k}} for c, k in layers]}


LSTM_SEQUENCES = _config(("LSTM", {"units": 32, "return_sequences": True}))


@pytest.mark.parametrize(
    ("want", "got"),
    [((None, 1), (None, 1)), ((None, 1), (None, 5)), ((None, 16, 16, 512), (None, 16, 8, 512))],
)
def test_same_rank_gives_no_rank_advice(want, got):
    assert model.rank_look([("Your output", want, got)], LSTM_SEQUENCES) == ""
    assert model.shape_look(want, got, "sizes advice") == "sizes advice"


def test_an_axis_more_from_return_sequences_names_the_layer():
    look = model.rank_look([("Your output", (None, 1), (None, None, 1))], LSTM_SEQUENCES)
    assert look.startswith("Your output (None, None, 1) has one axis more than (None, 1)")
    assert "`LSTM(32, return_sequences=True)` returns one vector per time step" in look
    assert "units" not in look.split(":")[0]


def test_an_axis_more_in_a_nested_model_is_found():
    nested = _config(("Sequential", LSTM_SEQUENCES))
    look = model.rank_look([("Your output", (None, 1), (None, None, 1))], nested)
    assert "return_sequences=True" in look


def test_an_axis_more_from_stack_speaks_of_concatenate():
    look = model.shape_look(
        (None, 16, 16, 512), (None, 16, 16, 128, 4), "sizes", _config(("Stack", {}))
    )
    assert "`keras.ops.stack` adds a new axis" in look
    assert "layers.concatenate" in look


def test_an_axis_more_without_a_known_cause_speaks_of_reduction():
    look = model.shape_look((None, 1), (None, None, 1), "fix the units", _config(("Dense", {})))
    assert "one axis more" in look and "global pooling" in look
    assert "fix the units" not in look


def test_axes_fewer_name_the_reducing_layer():
    config = _config(("GlobalAveragePooling2D", {}), ("Concatenate", {}))
    look = model.rank_look([("Your output", (None, 63, 63, 32), (None, 32))], config)
    assert look.startswith("Your output (None, 32) has 2 axes fewer than (None, 63, 63, 32)")
    assert "`GlobalAveragePooling2D`" in look


def test_the_first_pair_that_differs_in_rank_is_described():
    pairs = [
        ("Your `age` head", (None, 1), (None, 1)),
        ("Your `income` head", (None, 10), (None, None, 10)),
        ("Your `gender` head", (None, 1), None),
    ]
    look = model.rank_look(pairs, None, more="it keeps the time axis.")
    assert look == "Your `income` head (None, None, 10) has one axis more than (None, 10): " + (
        "it keeps the time axis."
    )


@pytest.mark.parametrize(
    ("want", "got", "start", "fragment"),
    [
        ([(None, 64)], [(None, None, 64)], "Input 1 (None, None, 64) has one axis more", "(64,)"),
        ([(None, None, 7)] * 2, [(None, None, 7), (None, 7)], "Input 2 (None, 7)", "(None, 7)"),
    ],
)
def test_input_rank_advice_gives_the_shape_to_write(want, got, start, fragment):
    look = model.input_rank_look(want, got)
    assert look.startswith(start)
    assert f"`keras.Input(shape={fragment})`" in look


def test_input_advice_is_empty_for_same_ranks_or_another_count():
    assert model.input_rank_look([(None, 64)], [(None, 20)]) == ""
    assert model.input_rank_look([(None, 64)], [(None, 64, 1), (None, 64)]) == ""


KERAS_NDIM = (
    "ValueError: Input 0 with name 'None' of layer 'lstm' is incompatible with the layer: "
    "expected ndim=3, found ndim=2. Full shape received: (None, 128)"
)
KERAS_CONCAT = (
    "ValueError: A `Concatenate` layer requires inputs with matching shapes except for the "
    "concatenation axis. Received: input_shape=[(None, None, 32), (None, 16)]"
)
KERAS_CONCAT_SAME_RANK = (
    "ValueError: A `Concatenate` layer requires inputs with matching shapes except for the "
    "concatenation axis. Received: input_shape=[(None, 16, 16, 8), (None, 15, 15, 8)]"
)


def test_build_errors_about_rank_are_explained():
    assert "(None, 128), which has one axis fewer" in model.build_rank_look(KERAS_NDIM)
    concat = model.build_rank_look(KERAS_CONCAT)
    assert "different numbers of axes: (None, None, 32), (None, 16)" in concat
    assert "`return_sequences=True`" in concat


def test_other_build_errors_get_no_rank_advice():
    assert model.build_rank_look(KERAS_CONCAT_SAME_RANK) == ""
    assert model.build_rank_look("NameError: name 'layers' is not defined") == ""
