"""`shared_lstm`: one LSTM layer, with one set of weights, reading two inputs."""

from __future__ import annotations

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise

DEFAULTS = {"units": 32, "feature_dim": 128}
OTHER = {"units": 5, "feature_dim": 7}
TOLERANCE = 1e-5


def _lstm(units: int, inputs: int) -> int:
    return 4 * (units * (inputs + units) + units)


def param_count(units: int = 32, feature_dim: int = 128) -> int:
    """One LSTM(units) on `feature_dim` features, then Dense(1) on 2 x units."""
    return _lstm(units, feature_dim) + 2 * units + 1


def two_lstm_count(units: int = 32, feature_dim: int = 128) -> int:
    """What a model with two separate LSTM layers has (the usual mistake)."""
    return 2 * _lstm(units, feature_dim) + 2 * units + 1


def lstm_count(config: dict) -> int:
    """Number of LSTM layers in a model config, nested models included."""
    total = 0
    for layer in config.get("layers", []):
        if layer.get("class_name") == "LSTM":
            total += 1
        elif isinstance(layer.get("config"), dict):
            total += lstm_count(layer["config"])
    return total


def _two_lstms_look(n_lstm: int) -> str:
    return (
        f"Your model has {n_lstm} LSTM layers: each `layers.LSTM(units)` makes a new layer "
        "with its own weights, so nothing is shared. Create the layer once, "
        "`shared_lstm = layers.LSTM(units)`, and call that same object on both inputs: "
        "`shared_lstm(left)` and `shared_lstm(right)`."
    )


def _params(models):
    m = models.get("default")
    got, want = m.count_params(), param_count()
    if got == want:
        return f"{model.count(got)} parameters"
    n_lstm = lstm_count(m.get_config())
    if got == two_lstm_count() or n_lstm > 1:
        look = (
            f"{model.count(two_lstm_count())} is what two separate LSTM layers give. "
            + _two_lstms_look(n_lstm)
        )
    else:
        look = (
            "20,673 = 20,608 for one LSTM(32) on 128 features (4 x (32 x (128 + 32) + 32)) "
            "+ 65 for Dense(1) on the 64 concatenated features. Compare `model.summary()`."
        )
    raise Fail(f"{model.count(want)} parameters.", f"{model.count(got)} parameters.", look)


def _other_sizes(models):
    m = models.get("other_sizes")
    f, u = OTHER["feature_dim"], OTHER["units"]
    want_in = [(None, None, f), (None, None, f)]
    got_in = [tuple(t.shape) for t in m.inputs]
    want, got = param_count(**OTHER), m.count_params()
    got_out = [tuple(t.shape) for t in m.outputs]
    if (got_in, got, got_out) != (want_in, want, [(None, 1)]):
        raise Fail(
            f"With units={u}, feature_dim={f}: inputs (None, None, {f}) twice, output "
            f"(None, 1), {model.count(want)} parameters.",
            "Inputs "
            + ", ".join(model.shape_text(s) for s in got_in)
            + ", output "
            + ", ".join(model.shape_text(s) for s in got_out)
            + f", {model.count(got)} parameters.",
            model.input_rank_look(want_in, got_in)
            or model.rank_look([("Your output", (None, 1), g) for g in got_out], model.config_of(m))
            or "Use the arguments `units` and `feature_dim` in place of the numbers 32 and 128: "
            "the defaults only reproduce the book's example.",
        )
    return f"{model.count(got)} parameters"


def _merge_node(g):
    """The call with two inputs nearest the output (the concatenation)."""
    node = g.node(g.outputs[0])
    while len(node.inputs) == 1:
        node = g.node(node.inputs[0])
    return node


def _lstm_holders(g, ref) -> set[str]:
    """Top-level layers upstream of `ref` that are, or contain, an LSTM."""
    out = set()
    for name in g.upstream(ref):
        layer = g.layers[name]
        if layer["class_name"] == "LSTM" or lstm_count(layer.get("config") or {}):
            out.add(name)
    return out


def _shared_wiring(models):
    m = models.get("default")
    g = graph.Graph.of(m)
    n_lstm = lstm_count(m.get_config())
    want = (
        "One LSTM layer (one set of weights) called on `left` and on `right`; "
        "the two codes concatenated as [left, right]."
    )
    if n_lstm != 1:
        raise Fail(
            want,
            f"{n_lstm} LSTM layers.",
            _two_lstms_look(n_lstm) if n_lstm > 1 else "Encode each input with `LSTM(units)`.",
        )
    merge = _merge_node(g)
    if merge.class_name != "Concatenate" or len(merge.inputs) != 2:
        raise Fail(
            want,
            f"The output is computed from a `{merge.class_name}` of {len(merge.inputs)} tensors.",
            "Merge the two LSTM outputs with `layers.concatenate([left_code, right_code], "
            "axis=-1)` and call the Dense layer on the result.",
        )
    sides = graph.merge_sides(g, merge, ("`left` (first input)", "`right` (second input)"))
    if sides:
        received, kind = sides
        look = {
            "swapped": "The halves are swapped: the contract's order is [left, right], the order "
            "of the inputs. Write `layers.concatenate([left_code, right_code])` with the code "
            "of the first input first.",
            "same": "Both halves come from the same input, so the other input is never read. "
            "Call the shared LSTM once on each input: `lstm(left)` and `lstm(right)`.",
            "mixed": "Each half of the concatenation must be the LSTM code of one input.",
        }[kind]
        raise Fail(want, received, look)
    holders = [_lstm_holders(g, ref) for ref in merge.inputs]
    shared = holders[0] & holders[1]
    if len(holders[0]) != 1 or holders[0] != holders[1] or g.calls(next(iter(shared))) < 2:
        raise Fail(
            want,
            "The two halves are not computed by the same LSTM layer.",
            "Call the same LSTM layer object on both inputs.",
        )
    return f"`{next(iter(shared))}` called on both inputs, concatenated [left, right]"


def _sigmoid_output(models):
    """The model computes sigmoid(Dense([LSTM(left), LSTM(right)])) with its own weights."""
    import keras
    import numpy as np

    m = models.get("default")
    units, feature_dim = DEFAULTS["units"], DEFAULTS["feature_dim"]
    lstms = [layer for layer in model.all_layers(m) if isinstance(layer, keras.layers.LSTM)]
    denses = [
        layer
        for layer in model.all_layers(m)
        if isinstance(layer, keras.layers.Dense) and tuple(layer.kernel.shape) == (2 * units, 1)
    ]
    if len(lstms) != 1 or len(denses) != 1:
        raise Fail(
            "One LSTM layer and one Dense(1) layer on the concatenated codes.",
            f"{len(lstms)} LSTM and {len(denses)} Dense(1) layers on {2 * units} features.",
            'Build the head as `layers.Dense(1, activation="sigmoid")(merged)`.',
        )
    lstm, dense = lstms[0], denses[0]
    rng = np.random.default_rng(0)
    left = rng.normal(size=(8, 6, feature_dim)).astype("float32")
    right = rng.normal(size=(8, 6, feature_dim)).astype("float32")
    kernel, bias = (np.asarray(w) for w in dense.get_weights())
    code_l = np.asarray(lstm(left))
    code_r = np.asarray(lstm(right))
    got = np.asarray(m.predict([left, right], verbose=0)).reshape(-1)

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    z = (np.concatenate([code_l, code_r], axis=-1) @ kernel + bias).reshape(-1)
    z_swapped = (np.concatenate([code_r, code_l], axis=-1) @ kernel + bias).reshape(-1)
    if np.allclose(got, sigmoid(z), atol=TOLERANCE):
        return "sigmoid(Dense([LSTM(left), LSTM(right)]))"
    expected = "The probability sigmoid(Dense([LSTM(left), LSTM(right)])), with your own weights."
    received = (
        f"Outputs {np.round(got[:4], 4).tolist()} where "
        f"{np.round(sigmoid(z)[:4], 4).tolist()} was expected."
    )
    if np.allclose(got, z, atol=TOLERANCE):
        look = (
            "The output is the Dense layer's raw score: the sigmoid is missing. Write "
            '`layers.Dense(1, activation="sigmoid")`: the model says how likely the two '
            "inputs belong together, a number between 0 and 1."
        )
    elif np.allclose(got, sigmoid(z_swapped), atol=TOLERANCE):
        look = "The codes are concatenated as [right, left]: the contract's order is [left, right]."
    elif np.all((got >= 0) & (got <= 1)):
        look = (
            "The output is between 0 and 1 but is not the sigmoid of the Dense layer on the "
            "concatenated codes: look for an extra activation or layer."
        )
    else:
        look = 'End with `layers.Dense(1, activation="sigmoid")` on the concatenated codes.'
    raise Fail(expected, received, look)


CHECKS = [
    model.builds(),
    model.functional(),
    model.inputs([(None, None, 128), (None, None, 128)]),
    model.outputs([(None, 1)], look='End with `layers.Dense(1, activation="sigmoid")`.'),
    Check("param_count", _params, "visible", needs=("builds",), kind=Kind.PARAMETERS),
    model.builds("other_sizes", group="hidden"),
    Check(
        "arguments_used",
        _other_sizes,
        "hidden",
        needs=("builds_other_sizes", "param_count"),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check(
        "shared_lstm",
        _shared_wiring,
        "hidden",
        needs=("functional_model", "inputs"),
        kind=Kind.SHARING,
    ),
    Check(
        "sigmoid_output",
        _sigmoid_output,
        "hidden",
        needs=("param_count", "shared_lstm"),
        kind=Kind.OUTPUT,
    ),
]


EXERCISE = Exercise(
    id="shared_lstm",
    function="build_shared_lstm_model",
    signature="build_shared_lstm_model(units=32, feature_dim=128)",
    summary="Two sequence inputs read by ONE shared LSTM, codes concatenated, sigmoid Dense(1).",
    builds=(Build("default"), Build("other_sizes", kwargs=OTHER)),
    hints=(
        (
            "Two inputs, one per sequence, `keras.Input(shape=(None, feature_dim))`, passed to "
            "`keras.Model` as `[left, right]`; the output is one probability."
        ),
        (
            "Sharing is one layer object called twice: make `lstm = layers.LSTM(units)` once, "
            "then `lstm(left)` and `lstm(right)`. Two `layers.LSTM(...)` calls make two sets of "
            "weights (41,281 parameters instead of 20,673)."
        ),
        (
            "Merge the two codes in the order [left, right] and classify: "
            "`layers.concatenate([left_code, right_code])`, then `layers.Dense(1, "
            'activation="sigmoid")`.'
        ),
    ),
    checks=tuple(CHECKS),
)
