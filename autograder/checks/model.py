"""Checks that every model-building exercise shares: type, inputs, outputs, size.

Also the next step when a shape has an axis more or fewer than expected
(`rank_look`): a missing or extra reduction, never a number of units.
"""

from __future__ import annotations

import ast
import re

from autograder.checks.framework import Check, Fail, Kind, builds_name


def shape_text(shape) -> str:
    """`(None, 16, 16, 512)` as Keras prints it."""
    return (
        "("
        + ", ".join("None" if d is None else str(d) for d in shape)
        + ("," if len(shape) == 1 else "")
        + ")"
    )


def kwargs_text(kwargs: dict) -> str:
    """`{"units": 5}` as the arguments of a call: `units=5`."""
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def count(n: int) -> str:
    return f"{n:,}"


def is_functional(model) -> bool:
    """True for a model built with `keras.Model(inputs, outputs)`.

    Keras 3 returns an instance of its `Functional` class for that call;
    `Sequential` and subclassed models are other classes. The class name is
    the only public trace of this (`keras.src` is private), kept here alone.
    """
    import keras

    return (
        isinstance(model, keras.Model)
        and not isinstance(model, keras.Sequential)
        and type(model).__name__ == "Functional"
    )


def all_layers(keras_model):
    """Every layer object of a loaded model, nested models opened (public `.layers`).

    A layer shared by several calls appears once per model that holds it.
    """
    import keras

    for layer in keras_model.layers:
        yield layer
        if isinstance(layer, keras.Model):
            yield from all_layers(layer)


def builds(build: str = "default", group: str = "visible", looks: tuple = ()) -> Check:
    """Check that the learner's function returns a model for `build`.

    Args:
        build: The build's name.
        group: The grade cell that scores the check.
        looks: `(fragment, advice)` pairs: the advice for a build whose error
            contains the fragment, tried in order before the rank advice of
            `build_rank_look`.

    A build other than the default that fails with the default's error says
    so rather than repeating the advice.
    """

    def run(models):
        try:
            models.get(build)
        except Fail as fail:
            error = models.outcome(build).error
            if build != "default" and error and error == models.outcome("default").error:
                look = "The same error as in `builds`: fix that first."
            else:
                look = next((a for f, a in looks if f in error), "") or build_rank_look(
                    fail.received
                )
            if look:
                raise Fail(fail.expected, fail.received, look) from None
            raise
        return "a model"

    return Check(builds_name(build), run, group, kind=Kind.BUILD, build=build)


def functional(build: str = "default") -> Check:
    """Check that the model is a functional model, not Sequential or subclassed."""

    def run(models):
        model = models.get(build)
        if not is_functional(model):
            raise Fail(
                "A functional model: `keras.Model(inputs, outputs)`.",
                f"A {type(model).__name__} model.",
                "This exercise is about the functional API: start from `keras.Input(...)`, "
                "call each layer on the tensor before it, and end with "
                "`keras.Model(inputs, outputs)`.",
            )
        return "functional"

    return Check(
        "functional_model", run, "visible", needs=(builds_name(build),), kind=Kind.TYPE, build=build
    )


def inputs(
    expected: list[tuple],
    names: list[str] | None = None,
    build: str = "default",
    name: str = "inputs",
    group: str = "visible",
    needs=("builds",),
) -> Check:
    """Check the number, shapes (and names) of the model's inputs, in order."""

    def run(models):
        model = models.get(build)
        got = [tuple(t.shape) for t in model.inputs]
        got_names = [t.name for t in model.inputs]
        want = [tuple(s) for s in expected]
        if got != want:
            raise Fail(
                f"{len(want)} input(s) of shape " + ", ".join(shape_text(s) for s in want) + ".",
                f"{len(got)} input(s) of shape " + ", ".join(shape_text(s) for s in got) + ".",
                input_rank_look(want, got)
                or "Look at the `shape` of each `keras.Input` (it leaves out the batch axis; "
                "`None` means any length) and at the list of inputs given to `keras.Model`.",
            )
        if names and got_names != names:
            raise Fail(
                "Inputs named " + ", ".join(f"`{n}`" for n in names) + ", in this order.",
                "Inputs named " + ", ".join(f"`{n}`" for n in got_names) + ".",
                "Give each `keras.Input` its `name=`; the names let learners feed the model "
                "with a dict, and the order is the order of the list passed to `keras.Model`.",
            )
        return ", ".join(shape_text(s) for s in got)

    return Check(name, run, group, needs, kind=Kind.SHAPE, build=build)


def outputs(
    expected: list[tuple],
    build: str = "default",
    name: str = "output_shape",
    group: str = "visible",
    look: str = "",
    needs=("builds",),
) -> Check:
    """Check the shapes of the model's outputs, in order."""

    def run(models):
        model = models.get(build)
        got = [tuple(t.shape) for t in model.outputs]
        want = [tuple(s) for s in expected]
        if got != want:
            sizes = look or "Look at the `units` of the last layer and at what it is called on."
            raise Fail(
                "Output shape " + ", ".join(shape_text(s) for s in want) + ".",
                "Output shape " + ", ".join(shape_text(s) for s in got) + ".",
                rank_look(
                    [("Your output", w, g) for w, g in zip(want, got, strict=False)],
                    config_of(model),
                )
                or sizes,
            )
        return ", ".join(shape_text(s) for s in got)

    return Check(name, run, group, needs, kind=Kind.SHAPE, build=build)


def params(
    expected: int,
    build: str = "default",
    name: str = "param_count",
    group: str = "visible",
    look: str = "",
    needs=("builds",),
) -> Check:
    """Check `model.count_params()`."""

    def run(models):
        got = models.get(build).count_params()
        if got != expected:
            raise Fail(
                f"{count(expected)} parameters.",
                f"{count(got)} parameters.",
                look or "Compare `model.summary()` with the exercise, layer by layer.",
            )
        return f"{count(got)} parameters"

    return Check(name, run, group, needs, kind=Kind.PARAMETERS, build=build)


def softmax_output(
    sample_shape: tuple,
    look: str = 'Give the last Dense layer `activation="softmax"`.',
    build: str = "default",
    group: str = "hidden",
    needs=("output_shape",),
) -> Check:
    """Check that each output row is a probability distribution, as a softmax gives.

    Args:
        sample_shape: Shape of one input sample, without the batch axis; the
            model is run on 16 seeded uniform samples of it.
        look: What to look at next when a row is negative or does not sum to 1.
        build: The build whose model is run.
        group: The grade cell that scores the check.
        needs: Earlier checks that must pass first.
    """

    def run(models):
        import numpy as np

        m = models.get(build)
        x = np.random.default_rng(0).random((16, *sample_shape), dtype="float32")
        y = np.asarray(m.predict(x, verbose=0))
        sums = y.sum(axis=1)
        if not (np.all(y >= 0) and np.allclose(sums, 1.0, atol=1e-4)):
            raise Fail(
                "Each output row is a probability distribution (non-negative, sums to 1).",
                f"Rows summing to {np.round(sums[:3], 3).tolist()} ... (min value {y.min():.3g}).",
                look,
            )
        return "rows sum to 1"

    return Check("softmax_output", run, group, needs, kind=Kind.OUTPUT, build=build)


# --- the next step when shapes differ -----------------------------------------

#: Layers that remove axes: a model that has one where the contract has none
#: gives outputs of a lower rank.
REDUCING_LAYERS = (
    "Flatten",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
)
#: Operations that add an axis (`keras.ops.stack`, `keras.ops.expand_dims`).
AXIS_ADDING_OPS = ("Stack", "ExpandDims")
RECURRENT_LAYERS = ("LSTM", "GRU", "SimpleRNN")


def _calls(config: dict):
    """Every layer config of a functional or Sequential config, nested models opened."""
    for layer in config.get("layers", []):
        yield layer
        if isinstance(layer.get("config"), dict):
            yield from _calls(layer["config"])


def config_of(model) -> dict:
    """`model.get_config()`, or `{}` for a model that has none (a subclassed model)."""
    try:
        return model.get_config()
    except Exception:  # noqa: BLE001 - Keras raises NotImplementedError or others
        return {}


def _axes(n: int) -> str:
    return "one axis" if n == 1 else f"{n} axes"


def _more_look(config: dict) -> str:
    """Why a model keeps an axis too many, from the layers it has."""
    layers = list(_calls(config))
    sequences = sorted(
        {
            f"{layer['class_name']}({layer['config'].get('units')}, return_sequences=True)"
            for layer in layers
            if layer["class_name"] in RECURRENT_LAYERS
            and (layer.get("config") or {}).get("return_sequences")
        }
    )
    if sequences:
        return (
            "it keeps the time axis. "
            + " and ".join(f"`{text}`" for text in sequences)
            + f" return{'s' if len(sequences) == 1 else ''} one vector per time step. Leave "
            "`return_sequences` at its default, `False`: then the layer returns one vector "
            "per sequence, its last state."
        )
    added = sorted({layer["class_name"] for layer in layers} & set(AXIS_ADDING_OPS))
    if added:
        return (
            f"`keras.ops.{'stack' if 'Stack' in added else 'expand_dims'}` adds a new axis. "
            "To join tensors along an axis they already have, use "
            "`layers.concatenate([...], axis=-1)`."
        )
    return (
        "an axis that should be reduced is still there. A Dense layer works on the last "
        "axis only and keeps the others, so no number of units removes it: check the "
        "`shape` of each `keras.Input`, and reduce the extra axis before the Dense layer "
        "(a global pooling layer such as `GlobalAveragePooling1D`, or `Flatten`)."
    )


def _fewer_look(config: dict) -> str:
    """Why a model lost an axis, from the layers it has."""
    found = sorted({layer["class_name"] for layer in _calls(config)} & set(REDUCING_LAYERS))
    if found:
        return (
            "your model has "
            + ", ".join(f"`{name}`" for name in found)
            + ", which removes axes the output keeps. Take it out."
        )
    return (
        "an axis the output keeps was reduced. Look for a `Flatten`, a global pooling "
        "layer or a `keras.ops` reduction (`mean`, `sum`, `max`) that should not be there, "
        "and at the `shape` of each `keras.Input`."
    )


def rank_look(pairs, config: dict | None = None, more: str = "", fewer: str = "") -> str:
    """The next step when a shape has more or fewer axes than expected.

    An axis too many or too few is not a matter of sizes: something that
    should reduce an axis (a global pooling layer, `Flatten`, an RNN that
    returns only its last state) is missing or extra, or an input has the
    wrong `shape`. The advice names the cause found in the model's layers.

    Args:
        pairs: `(what, expected shape, received shape)` triples, e.g.
            `("Your output", (None, 1), (None, None, 1))`; the first whose
            ranks differ is described.
        config: `model.get_config()` of the received model, read to name the
            cause; `None` for the general advice.
        more: The advice when the received shape has more axes, in place of
            the one derived from `config`.
        fewer: The advice when it has fewer axes.

    Returns:
        `""` when every pair has the expected rank, otherwise e.g.
        `"Your output (None, None, 1) has one axis more than (None, 1): it
        keeps the time axis. ..."`.
    """
    for what, want, got in pairs:
        if got is None or len(got) == len(want):
            continue
        extra = len(got) - len(want)
        compare = (
            f"{what} {shape_text(got)} has {_axes(abs(extra))} "
            f"{'more' if extra > 0 else 'fewer'} than {shape_text(want)}"
        )
        if extra > 0:
            return f"{compare}: {more or _more_look(config or {})}"
        return f"{compare}: {fewer or _fewer_look(config or {})}"
    return ""


def shape_look(want: tuple, got: tuple, sizes: str, config: dict | None = None) -> str:
    """The next step of an output shape check: about axes when the ranks differ.

    Args:
        want: The expected output shape.
        got: The received output shape.
        sizes: The advice when only sizes differ.
        config: `model.get_config()` of the received model (see `rank_look`).

    Returns:
        The advice of `rank_look` when the ranks differ, otherwise `sizes`.
    """
    return rank_look([("Your output", want, got)], config) or sizes


#: How Keras 3 reports a layer called on a tensor of the wrong rank, and a
#: concatenation of tensors of different ranks (the shapes are Python tuples).
NDIM_ERROR = re.compile(r"expected ndim=(\d+), found ndim=(\d+)\. Full shape received: (\([^)]*\))")
CONCAT_ERROR = re.compile(
    r"requires inputs with matching shapes except for the concatenation axis\. "
    r"Received: input_shape=(\[[^\]]*\])"
)


def build_rank_look(error: str) -> str:
    """The next step for a build that Keras stopped because a tensor had the wrong rank.

    Reads the two errors Keras 3 raises for it: a layer called on a tensor
    with more or fewer axes than it reads (an `LSTM` on `(None, 128)`), and
    a concatenation of tensors with different numbers of axes (one encoder
    with `return_sequences=True`, the other without).

    Args:
        error: The build's error, as the learner's process reported it.

    Returns:
        The advice, or `""` when the error is of another kind.
    """
    found = NDIM_ERROR.search(error)
    if found:
        want, got, shape = int(found.group(1)), int(found.group(2)), found.group(3)
        if got < want:
            return (
                f"A layer that reads tensors of {want} axes was called on {shape}, which has "
                f"{_axes(want - got)} fewer. A sequence layer (`LSTM`, `Conv1D`) reads "
                "(batch, time, features): check the `shape` of `keras.Input` (it leaves out "
                "only the batch axis; `None` is a time axis of any length) and look for a "
                "layer before it that removes an axis (`Flatten`, global pooling)."
            )
        return (
            f"A layer that reads tensors of {want} axes was called on {shape}, which has "
            f"{_axes(got - want)} more: an axis is not reduced before it (an RNN with "
            "`return_sequences=True`, a missing global pooling or `Flatten`), or the "
            "`shape` of `keras.Input` has an axis too many."
        )
    found = CONCAT_ERROR.search(error)
    if found:
        try:
            shapes = [tuple(s) for s in ast.literal_eval(found.group(1))]
        except (ValueError, SyntaxError, TypeError):
            return ""
        if len({len(s) for s in shapes}) > 1:
            return (
                "The tensors you concatenate have different numbers of axes: "
                + ", ".join(shape_text(s) for s in shapes)
                + ". The one with more axes kept a time or spatial axis that the others "
                "reduced: an RNN with `return_sequences=True` returns one vector per time "
                "step (leave it at its default, `False`, for one vector per sequence), or a "
                "global pooling layer is missing on one side."
            )
    return ""


def input_rank_look(want: list[tuple], got: list[tuple]) -> str:
    """The next step when an input has more or fewer axes than expected.

    Args:
        want: The expected input shapes, in order.
        got: The received input shapes.

    Returns:
        `""` when the inputs are as many as expected and each has the expected
        rank, otherwise the `shape=` to give `keras.Input`.
    """
    if len(got) != len(want):
        return ""
    for index, (w, g) in enumerate(zip(want, got, strict=True)):
        if len(w) != len(g):
            return (
                f"Input {index + 1} {shape_text(g)} has {_axes(abs(len(g) - len(w)))} "
                f"{'more' if len(g) > len(w) else 'fewer'} than {shape_text(w)}. "
                "`keras.Input(shape=...)` takes the shape of one sample, without the "
                "batch axis (Keras adds it as `None`): write "
                f"`keras.Input(shape={shape_text(w[1:])})`, with the exercise's arguments in place "
                "of the numbers."
            )
    return ""
