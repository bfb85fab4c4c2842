"""`functional_mlp`: the Sequential classifier of the source, rebuilt with the functional API."""

from __future__ import annotations

from autograder.checks import graph, model, training
from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise

OTHER = {"input_dim": 20, "hidden_units": 7, "num_classes": 3}
MIN_ACCURACY = 0.9


def param_count(input_dim: int = 64, hidden_units: int = 32, num_classes: int = 10) -> int:
    """Parameters of Dense(h) -> Dense(h) -> Dense(c) on `input_dim` features."""
    h = hidden_units
    return (input_dim + 1) * h + (h + 1) * h + (h + 1) * num_classes


def _other_sizes(models):
    m = models.get("other_sizes")
    got_in, got_out = tuple(m.inputs[0].shape), tuple(m.outputs[0].shape)
    got_params = m.count_params()
    want_in, want_out = (None, OTHER["input_dim"]), (None, OTHER["num_classes"])
    want_params = param_count(**OTHER)
    if (got_in, got_out, got_params) != (want_in, want_out, want_params):
        raise Fail(
            f"`build_functional_mlp({model.kwargs_text(OTHER)})`: "
            f"input {model.shape_text(want_in)}, output {model.shape_text(want_out)}, "
            f"{model.count(want_params)} parameters.",
            f"Input {model.shape_text(got_in)}, output {model.shape_text(got_out)}, "
            f"{model.count(got_params)} parameters.",
            model.input_rank_look([want_in], [got_in])
            or model.rank_look([("Your output", want_out, got_out)], model.config_of(m))
            or "Use the arguments `input_dim`, `hidden_units` and `num_classes` in place of "
            "the numbers 64, 32 and 10: the defaults only reproduce the book's example.",
        )
    return f"input {model.shape_text(got_in)}, output {model.shape_text(got_out)}"


def _layer_stack(models):
    m = models.get("default")
    g = graph.Graph.of(m)
    chain = g.chain(g.outputs[0])
    want = [("Dense", 32, "relu"), ("Dense", 32, "relu"), ("Dense", 10, "softmax")]
    if chain is None:
        got = "a graph that branches or merges"
    else:
        got_stages = [(n.class_name, n.config.get("units"), act) for n, act in graph.stages(chain)]
        if got_stages == want:
            return "Dense 32 relu -> Dense 32 relu -> Dense 10 softmax"
        got = " -> ".join(f"{c} {u} {a}" if c == "Dense" else c for c, u, a in got_stages)
    raise Fail(
        "Input -> Dense 32 relu -> Dense 32 relu -> Dense 10 softmax, each layer called "
        "on the tensor before it.",
        f"Input -> {got}.",
        "Check the `activation` of each Dense layer and that each layer is called on the "
        "output of the previous one.",
    )


def _learns(models):
    accuracy = training.digits_accuracy(models.get("default"))
    if accuracy < MIN_ACCURACY:
        raise Fail(
            f"Validation accuracy >= {MIN_ACCURACY:.2f} on scikit-learn digits after 15 "
            "epochs (seeded, fresh weights).",
            f"Validation accuracy {accuracy:.3f}.",
            "A model with the right layers reaches about 0.97: check the activations "
            "(relu inside, softmax at the end).",
        )
    return f"validation accuracy {accuracy:.3f}"


CHECKS = [
    model.builds(),
    model.functional(),
    model.inputs([(None, 64)], needs=("builds",)),
    model.outputs([(None, 10)], look="The last Dense layer needs `num_classes` units."),
    model.params(
        param_count(), look="3,466 = 65x32 + 33x32 + 33x10: look at the units of each Dense layer."
    ),
    model.builds("other_sizes", group="hidden"),
    Check(
        "arguments_used",
        _other_sizes,
        "hidden",
        needs=("builds_other_sizes",),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check("layer_stack", _layer_stack, "hidden", needs=("functional_model",), kind=Kind.WIRING),
    model.softmax_output((64,)),
    Check(
        "learns_digits",
        _learns,
        "hidden",
        needs=("param_count", "softmax_output"),
        kind=Kind.TRAINING,
    ),
]


EXERCISE = Exercise(
    id="functional_mlp",
    function="build_functional_mlp",
    signature="build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10)",
    summary="Input -> Dense relu -> Dense relu -> Dense softmax, as a functional model.",
    builds=(Build("default"), Build("other_sizes", kwargs=OTHER)),
    hints=(
        (
            "The functional API passes tensors, not layers: start from `inputs = "
            "keras.Input(shape=(input_dim,))`, call each layer on the tensor before it, and "
            "wrap the first and the last tensor in `keras.Model(inputs, outputs)` (a "
            "`Sequential` model does not pass)."
        ),
        (
            "Three Dense layers: `hidden_units` relu, `hidden_units` relu, `num_classes` "
            "softmax. Use the arguments, not 64, 32 and 10: the grader also builds other sizes. "
            "At the defaults, 3,466 = 65x32 + 33x32 + 33x10 parameters."
        ),
        (
            "The last layer is the classifier: `outputs = layers.Dense(num_classes, "
            'activation="softmax")(x)`. The grader compiles and trains the model itself: only '
            "build it."
        ),
    ),
    checks=tuple(CHECKS),
)
