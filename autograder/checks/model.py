"""Checks that every model-building exercise shares: type, inputs, outputs, size."""

from __future__ import annotations

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


def builds(build: str = "default", group: str = "visible") -> Check:
    """Check that the learner's function returns a model for `build`."""

    def run(models):
        models.get(build)
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
                "Look at the `shape` of each `keras.Input` (it leaves out the batch axis; "
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
            raise Fail(
                "Output shape " + ", ".join(shape_text(s) for s in want) + ".",
                "Output shape " + ", ".join(shape_text(s) for s in got) + ".",
                look or "Look at the `units` of the last layer and at what it is called on.",
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
