"""`social_model`: one text input, a Conv1D stack, three named heads (age, income, gender)."""

from __future__ import annotations

from autograder.checks import graph, model, outputs
from autograder.checks.framework import Check, Fail, Kind, builds_name
from autograder.exercise import Build, Exercise

DEFAULTS = {"vocab_size": 50000, "num_income_groups": 10}
OTHER = {"vocab_size": 100, "num_income_groups": 4}
HEADS = ("age", "income", "gender")
HEAD_ACTIVATIONS = {"age": "linear", "income": "softmax", "gender": "sigmoid"}
SEQUENCE_LENGTH = 500  # the length the contract feeds
# The Conv1D stack of the source text: (class, filters or pool size); all convs relu.
STACK = (
    ("Conv1D", 128),
    ("MaxPooling1D", 5),
    ("Conv1D", 256),
    ("Conv1D", 256),
    ("MaxPooling1D", 5),
    ("Conv1D", 256),
    ("Conv1D", 256),
)
KERNEL = 5
SHORT_SEQUENCE_ERRORS = ("zero or negative", "Negative dimension", "negative output size")
#: What Keras 3 says when a Dense layer reads an axis of unknown size: after a
#: `Flatten` of posts of any length.
UNDEFINED_SIZE_ERROR = "Shapes used to initialize variables must be fully-defined"


def param_count(vocab_size: int = 50000, num_income_groups: int = 10) -> int:
    """Parameters of the embedding, the Conv1D stack, Dense(128) and the three heads."""
    convs = [(256, 128), (128, 256), (256, 256), (256, 256), (256, 256)]
    return (
        vocab_size * 256
        + sum(KERNEL * c_in * c_out + c_out for c_in, c_out in convs)
        + 257 * 128
        + 129 * (1 + num_income_groups + 1)
    )


def min_length() -> int:
    """The shortest sequence the stack accepts: 269 tokens."""
    length = 1
    for kind, _ in reversed(STACK):
        length = length * 5 if kind == "MaxPooling1D" else length + KERNEL - 1
    return length


def want_trunk(vocab_size: int) -> list[str]:
    stack = [
        f"Conv1D({n}, {KERNEL}, relu)" if kind == "Conv1D" else f"MaxPooling1D({n})"
        for kind, n in STACK
    ]
    return [f"Embedding({vocab_size}, 256)", *stack, "GlobalAveragePooling1D", "Dense(128, relu)"]


# --- checks -------------------------------------------------------------------


def _builds(build: str = "default", group: str = "visible") -> Check:
    """`model.builds`, with the short-sequence erratum named when Keras hits it."""

    def run(models):
        return _build_or_explain(models, build)

    return Check(builds_name(build), run, group, kind=Kind.BUILD, build=build)


def _build_or_explain(models, build):
    try:
        models.get(build)
    except Fail as fail:
        if any(s in fail.received for s in SHORT_SEQUENCE_ERRORS):
            raise Fail(
                fail.expected,
                fail.received,
                f"The input is too short for the stack: five valid 5-wide convolutions and "
                f"two 5x poolings need at least {min_length()} tokens (the source text's "
                "erratum about short sequences). Give the input a variable length, "
                '`keras.Input(shape=(None,), dtype="int32")`, and feed sequences of '
                f"{SEQUENCE_LENGTH} tokens.",
            ) from None
        if UNDEFINED_SIZE_ERROR in fail.received:
            raise Fail(
                fail.expected,
                fail.received,
                "A Dense layer got an axis of unknown size: `Flatten` on posts of any "
                "length gives a vector whose length is not known (`None`), so the layer "
                "cannot make its weights. Reduce the time axis with "
                "`layers.GlobalAveragePooling1D()` in place of `Flatten`: one vector of "
                "256 features per post, whatever its length.",
            ) from None
        look = model.build_rank_look(fail.received)
        if look:
            raise Fail(fail.expected, fail.received, look) from None
        raise
    return "a model"


#: The next step when the heads keep the time axis (no global pooling).
TIME_AXIS_LOOK = (
    "it keeps the time axis. `Conv1D` and `MaxPooling1D` shorten the sequence but keep "
    "it, and a Dense layer works on the last axis only, so each head gives one prediction "
    "per time step. Reduce the time axis with `layers.GlobalAveragePooling1D()` after the "
    "last Conv1D, before `Dense(128)`: one vector per post."
)


def _rank_look(m, want: dict) -> str:
    """The reduction advice if a head's rank differs from `want`'s, else `""`."""
    got = {k: tuple(v.shape) for k, v in outputs.by_name(m, m.output).items()}
    pairs = [(f"Your `{k}` head", shape, got.get(k)) for k, shape in want.items()]
    return model.rank_look(pairs, model.config_of(m), more=TIME_AXIS_LOOK)


def _output_shapes(models):
    m = models.get("default")
    got = {k: tuple(v.shape) for k, v in outputs.by_name(m, m.output).items()}
    want = {"age": (None, 1), "income": (None, DEFAULTS["num_income_groups"]), "gender": (None, 1)}
    if got != want:
        raise Fail(
            f"Output shapes {outputs.shapes_text(want)}.",
            f"Output shapes {outputs.shapes_text(got)}.",
            _rank_look(m, want)
            or "`age` and `gender` are one unit each; `income` has `num_income_groups` units.",
        )
    return outputs.shapes_text(got)


def _params(models):
    m = models.get("default")
    got, want = m.count_params(), param_count()
    if got == want:
        return f"{model.count(got)} parameters"
    look = "Compare `model.summary()` with the exercise, layer by layer."
    for node in graph.Graph.of(m).nodes("Embedding"):
        if node.config.get("input_dim") == 256:
            look = (
                f"Your model has `{graph.describe(node)}`: the source text's erratum. "
                "`Embedding`'s first argument is the vocabulary size (`input_dim`), the "
                "second the vector size: `Embedding(vocab_size, 256)`."
            )
    raise Fail(f"{model.count(want)} parameters.", f"{model.count(got)} parameters.", look)


def _int_input(models):
    dtype = str(models.get("default").inputs[0].dtype)
    if dtype not in ("int32", "int64"):
        raise Fail(
            "An integer input (int32 or int64): the posts are token ids.",
            f"Input dtype {dtype}.",
            'Pass `dtype="int32"` to `keras.Input`.',
        )
    return dtype


def _other_sizes(models):
    m = models.get("other_sizes")
    shapes = {k: tuple(v.shape) for k, v in outputs.by_name(m, m.output).items()}
    got_income, want_income = shapes.get("income"), (None, OTHER["num_income_groups"])
    want, got = param_count(**OTHER), m.count_params()
    if (got_income, got) != (want_income, want):
        raise Fail(
            f"With {OTHER}: `income` output {model.shape_text(want_income)} and "
            f"{model.count(want)} parameters.",
            f"`income` output {model.shape_text(got_income) if got_income else 'missing'} "
            f"and {model.count(got)} parameters.",
            _rank_look(m, {"income": want_income})
            or "Use the arguments `vocab_size` and `num_income_groups` in place of the numbers "
            "50000 and 10: the defaults only reproduce the book's example.",
        )
    return f"income {model.shape_text(got_income)}, {model.count(got)} parameters"


def _trunk_of(m):
    """The graph, the tensor the three heads read, and each head's `(node, activation)`."""
    g = graph.Graph.of(m)
    heads = {name: outputs.head(g, ref) for name, ref in outputs.named_outputs(m)}
    return g, heads


def _trunk(models):
    m = models.get("default")
    g, heads = _trunk_of(m)
    sources = {ref for _, _, ref in heads.values()}
    if len(sources) != 1 or None in sources:
        where = ", ".join(
            f"`{name}` reads "
            + (f"`{g.node(ref).class_name}` ({ref[0]})" if ref else "no Dense layer")
            for name, (_, _, ref) in heads.items()
        )
        raise Fail(
            "The three heads are Dense layers called on the same tensor: the output of "
            "`Dense(128, relu)`.",
            where + ".",
            "Call `layers.Dense(...)` of each head on `x`, the output of the shared "
            '`Dense(128, activation="relu")` layer.',
        )
    chain = g.chain(next(iter(sources)))
    want = want_trunk(DEFAULTS["vocab_size"])
    if chain is None:
        raise Fail(
            "Input -> " + " -> ".join(want) + ", each layer called on the tensor before it.",
            "A trunk that branches or merges.",
            "The trunk is one straight stack of layers; only the three heads branch off it.",
        )
    got = [graph.stage_text(node, act) for node, act in graph.fold(chain)]
    if got == want:
        return "Input -> " + " -> ".join(got)
    classes = [node.class_name for node in chain]
    if "GlobalMaxPooling1D" in classes:
        look = (
            "Your model pools with `GlobalMaxPooling1D`, as the printed book does: it keeps "
            "the largest value of each feature over the sequence, which computes something "
            "else than the mean (same parameter count, other predictions). The exercise "
            "follows the source text: `layers.GlobalAveragePooling1D()`."
        )
    elif any("padding='same'" in s for s in got):
        look = (
            "The source text's convolutions and poolings use the default "
            '`padding="valid"`; with `padding="same"` the sequence lengths, and so '
            "the averages, are different. Drop the `padding` argument."
        )
    elif got and got[0] == f"Embedding(256, {DEFAULTS['vocab_size']})":
        look = (
            f"Your model has `{got[0]}`: the source text's erratum. `Embedding`'s first "
            "argument is the vocabulary size (`input_dim`), the second the vector size: "
            "`Embedding(vocab_size, 256)`."
        )
    else:
        index = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        if index < len(want) and index < len(got):
            look = (
                f"Layer {index + 1} of the trunk: expected `{want[index]}`, "
                f"received `{got[index]}`."
            )
        elif index < len(want):
            look = f"After `{got[-1] if got else 'the input'}` the trunk needs `{want[index]}`."
        else:
            look = f"The trunk has extra layers after `{want[-1]}`."
        look += " Check each layer's arguments and `activation` against the source text."
    raise Fail(
        "Input -> " + " -> ".join(want) + ".",
        "Input -> " + " -> ".join(got) + ".",
        look,
    )


def _heads(models):
    m = models.get("default")
    _, heads = _trunk_of(m)
    want_units = {"age": 1, "income": DEFAULTS["num_income_groups"], "gender": 1}
    wrong = []
    for name in HEADS:
        node, activation, _ = heads[name]
        units = node.config.get("units") if node.class_name == "Dense" else None
        if (units, activation) != (want_units[name], HEAD_ACTIVATIONS[name]):
            got = f"Dense({units}, {activation})" if node.class_name == "Dense" else node.class_name
            wrong.append((name, got))
    if not wrong:
        return "age Dense(1, linear), income Dense(10, softmax), gender Dense(1, sigmoid)"
    why = {
        "age": "`age` is a regression: one unit, no activation (linear), so it can predict "
        "any number.",
        "income": '`income` is a probability over the income groups: `activation="softmax"`.',
        "gender": '`gender` is a yes/no probability: one unit with `activation="sigmoid"`.',
    }
    raise Fail(
        "Heads age Dense(1, linear), income Dense(10, softmax), gender Dense(1, sigmoid).",
        "; ".join(f"{name} {got}" for name, got in wrong) + ".",
        " ".join(why[name] for name, _ in wrong),
    )


def _predicts(models):
    import numpy as np

    m = models.get("default")
    x = (
        np.random.default_rng(0)
        .integers(1, DEFAULTS["vocab_size"], size=(2, SEQUENCE_LENGTH))
        .astype("int32")
    )
    try:
        raw = m.predict(x, verbose=0)
    except Exception as error:  # noqa: BLE001 - Keras rejecting the batch
        raise Fail(
            f"The model predicts on a (2, {SEQUENCE_LENGTH}) batch of token ids.",
            f"{type(error).__name__}: {str(error).splitlines()[0][:300]}",
            "Check that the input takes int token ids of any length, `shape=(None,)`.",
        ) from None
    y = {k: np.asarray(v) for k, v in outputs.by_name(m, raw).items()}
    shapes = {k: v.shape for k, v in y.items()}
    want = {"age": (2, 1), "income": (2, DEFAULTS["num_income_groups"]), "gender": (2, 1)}
    if shapes != want:
        raise Fail(
            f"On a (2, {SEQUENCE_LENGTH}) batch of token ids: " + str(want) + ".",
            str(shapes) + ".",
            f"The model must accept sequences of any length of at least {min_length()} tokens.",
        )
    income, gender = y["income"], y["gender"]
    problems = []
    if not (np.all(income >= 0) and np.allclose(income.sum(axis=1), 1.0, atol=1e-4)):
        problems.append(f"income rows sum to {np.round(income.sum(axis=1), 3).tolist()}")
    if not np.all((gender >= 0) & (gender <= 1)):
        problems.append(f"gender values {np.round(gender.ravel(), 3).tolist()}")
    if problems:
        raise Fail(
            "`income` rows are probabilities that sum to 1; `gender` is between 0 and 1.",
            "; ".join(problems) + ".",
            'Use `activation="softmax"` for `income` and `"sigmoid"` for `gender`.',
        )
    return f"predicts on a (2, {SEQUENCE_LENGTH}) batch"


def _fits(models):
    import keras
    import numpy as np

    from autograder.checks import training

    rng = np.random.default_rng(training.SEED)
    n, groups = 32, OTHER["num_income_groups"]
    x = rng.integers(1, OTHER["vocab_size"], size=(n, 300)).astype("int32")
    y = {
        "age": rng.normal(0.0, 1.0, size=(n, 1)).astype("float32"),
        "income": np.eye(groups, dtype="float32")[rng.integers(0, groups, size=n)],
        "gender": rng.integers(0, 2, size=(n, 1)).astype("float32"),
    }
    net = training.fresh_copy(models.get("other_sizes"))
    net.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
    )
    start = float(net.evaluate(x, y, batch_size=n, verbose=0)[0])
    net.fit(x, y, epochs=3, batch_size=16, verbose=0)
    end = float(net.evaluate(x, y, batch_size=n, verbose=0)[0])
    if not (np.isfinite(end) and end < start):
        raise Fail(
            "Compiled with a loss dict keyed by `age`, `income` and `gender` and fitted with "
            "a dict of targets, the loss falls.",
            f"Loss {start:.3f} before and {end:.3f} after 3 epochs.",
            "Check the three heads' activations and that they read the shared trunk.",
        )
    return f"loss {start:.3f} -> {end:.3f}"


CHECKS = [
    _builds(),
    model.functional(),
    model.inputs([(None, None)]),
    outputs.names(HEADS),
    Check("output_shape", _output_shapes, "visible", needs=("output_names",), kind=Kind.SHAPE),
    Check("param_count", _params, "visible", needs=("builds",), kind=Kind.PARAMETERS),
    Check("integer_input", _int_input, "hidden", needs=("inputs",), kind=Kind.SHAPE),
    _builds("other_sizes", group="hidden"),
    Check(
        "arguments_used",
        _other_sizes,
        "hidden",
        needs=("builds_other_sizes", "output_names", "param_count"),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check("trunk", _trunk, "hidden", needs=("functional_model", "output_names"), kind=Kind.WIRING),
    Check(
        "heads",
        _heads,
        "hidden",
        needs=("functional_model", "output_names"),
        kind=Kind.WIRING,
        hint=3,
    ),
    Check(
        "predicts_500_tokens",
        _predicts,
        "hidden",
        needs=("inputs", "output_shape", "param_count"),
        kind=Kind.OUTPUT,
    ),
    Check(
        "fits_with_named_targets",
        _fits,
        "hidden",
        needs=("arguments_used", "integer_input", "heads"),
        kind=Kind.TRAINING,
        build="other_sizes",
    ),
]


EXERCISE = Exercise(
    id="social_model",
    function="build_social_model",
    signature="build_social_model(vocab_size=50000, num_income_groups=10)",
    summary=(
        "One int input of posts, Embedding and a Conv1D stack, Dense(128), and three "
        "heads named age, income and gender."
    ),
    builds=(Build("default"), Build("other_sizes", kwargs=OTHER)),
    hints=(
        (
            "One input, one shared trunk, three heads: `keras.Input(shape=(None,), "
            'dtype="int32")` for posts of any length, and three Dense output layers, each with '
            'its `name=` ("age", "income", "gender"), returned in that order.'
        ),
        (
            "The trunk, layer by layer: `Embedding(vocab_size, 256)` (vocabulary size first; "
            "the source text swaps them), Conv1D(128, 5) -> MaxPooling1D(5) -> Conv1D(256, 5) "
            "twice -> MaxPooling1D(5) -> Conv1D(256, 5) twice, all relu, then "
            "`GlobalAveragePooling1D()` (global max pooling computes something else) and "
            "`Dense(128, relu)`."
        ),
        (
            "Each head is a Dense layer called on the trunk's output with its own activation: "
            '`layers.Dense(num_income_groups, activation="softmax", name="income")(x)`; `age` '
            'is linear `Dense(1)`, `gender` `Dense(1, activation="sigmoid")`. Then `return '
            "keras.Model(posts, [age, income, gender])`."
        ),
    ),
    checks=tuple(CHECKS),
)
