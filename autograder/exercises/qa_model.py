"""`qa_model`: the two-input question-answering model of the source."""

from __future__ import annotations

from autograder.checks import graph, model, training
from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise

DEFAULTS = {"text_vocab_size": 10000, "question_vocab_size": 10000, "answer_vocab_size": 500}
OTHER = {"text_vocab_size": 40, "question_vocab_size": 12, "answer_vocab_size": 8}
MAX_FINAL_LOSS = 0.9  # a model blind to the text or the question stays above ln 4 = 1.39


def _lstm(units: int, inputs: int) -> int:
    return 4 * (units * (inputs + units) + units)


def param_count(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500) -> int:
    """Parameters of the two Embedding/LSTM branches and the softmax layer."""
    return (
        text_vocab_size * 64
        + _lstm(32, 64)
        + question_vocab_size * 32
        + _lstm(16, 32)
        + (48 + 1) * answer_vocab_size
    )


def _swapped_embeddings(m, sizes: dict) -> str:
    """What to look at when an Embedding of `m` has the source text's swapped arguments.

    Args:
        m: The learner's model, built with the vocabulary sizes `sizes`.
        sizes: The build's keyword arguments (`DEFAULTS` or `OTHER`).

    Returns:
        A sentence naming each swapped Embedding and its fix; `""` if none.
    """
    branches = (("text_vocab_size", 64), ("question_vocab_size", 32))
    found = []
    for node in graph.Graph.of(m).nodes("Embedding"):
        args = (node.config.get("input_dim"), node.config.get("output_dim"))
        found += [
            (graph.describe(node), f"Embedding({name}, {dim})")
            for name, dim in branches
            if args == (dim, sizes[name])
        ]
    if not found:
        return ""
    return (
        "Your model has " + " and ".join(f"`{got}`" for got, _ in found) + ": the source "
        "text's erratum, `Embedding`'s arguments swapped. The first argument is the "
        "vocabulary size (`input_dim`), the second the vector size: "
        + " and ".join(f"`{fix}`" for _, fix in found)
        + "."
    )


def _params(models):
    m = models.get("default")
    got, want = m.count_params(), param_count()
    if got == want:
        return f"{model.count(got)} parameters"
    look = _swapped_embeddings(m, DEFAULTS) or (
        "Compare `model.summary()` with the exercise, layer by layer."
    )
    raise Fail(f"{model.count(want)} parameters.", f"{model.count(got)} parameters.", look)


def _int_inputs(models):
    dtypes = [str(t.dtype) for t in models.get("default").inputs]
    if not all(d in ("int32", "int64") for d in dtypes):
        raise Fail(
            "Integer inputs (int32 or int64): they are token ids.",
            "Input dtypes " + ", ".join(dtypes) + ".",
            'Pass `dtype="int32"` to each `keras.Input`.',
        )
    return ", ".join(dtypes)


def _other_sizes(models):
    m = models.get("other_sizes")
    want_out, got_out = (None, OTHER["answer_vocab_size"]), tuple(m.outputs[0].shape)
    want, got = param_count(**OTHER), m.count_params()
    if (got_out, got) != (want_out, want):
        raise Fail(
            f"`build_qa_model({model.kwargs_text(OTHER)})`: output "
            f"{model.shape_text(want_out)} and {model.count(want)} parameters.",
            f"Output {model.shape_text(got_out)} and {model.count(got)} parameters.",
            _swapped_embeddings(m, OTHER)
            or model.shape_look(
                want_out,
                got_out,
                "Use the three vocabulary-size arguments in place of fixed numbers.",
                model.config_of(m),
            ),
        )
    return f"output {model.shape_text(got_out)}, {model.count(got)} parameters"


def _branch(g, ref, input_name, vocab, dim, units, erratum=""):
    want = f"`{input_name}` -> Embedding({vocab}, {dim}) -> LSTM({units})"
    chain = g.chain(ref)
    upstream = g.upstream(ref)
    if chain is not None and [i for i in upstream if i in ("text", "question")] == [input_name]:
        got = [graph.describe(n) for n in chain]
        if got == [f"Embedding({vocab}, {dim})", f"LSTM({units})"]:
            return want
        received = f"`{input_name}` -> " + " -> ".join(got)
    else:
        feeds = sorted(i for i in upstream if i in ("text", "question"))
        received = "a tensor computed from " + (", ".join(f"`{i}`" for i in feeds) or "no input")
    raise Fail(
        f"Concatenation input {['text', 'question'].index(input_name)}: {want}.",
        received + ".",
        erratum
        or "Each input needs its own Embedding and LSTM, and `concatenate` takes the list "
        "`[encoded_text, encoded_question]` in that order.",
    )


def _wiring(models):
    m = models.get("default")
    g = graph.Graph.of(m)
    head = g.node(g.outputs[0])
    while head.class_name != "Dense" and len(head.inputs) == 1:
        head = g.node(head.inputs[0])
    merge = g.node(head.inputs[0]) if head.class_name == "Dense" and head.inputs else None
    if merge is None or merge.class_name != "Concatenate" or len(merge.inputs) != 2:
        raise Fail(
            "The output Dense layer called on the concatenation of two encodings.",
            f"The last Dense layer is called on {merge.class_name if merge else 'nothing'}.",
            "Merge the two LSTM outputs with `layers.concatenate([...], axis=-1)` and call "
            "the softmax Dense layer on the result.",
        )
    erratum = _swapped_embeddings(m, DEFAULTS)
    _branch(g, merge.inputs[0], "text", DEFAULTS["text_vocab_size"], 64, 32, erratum)
    _branch(g, merge.inputs[1], "question", DEFAULTS["question_vocab_size"], 32, 16, erratum)
    return "text -> Embedding -> LSTM(32), question -> Embedding -> LSTM(16), concatenated"


def _softmax_output(models):
    import numpy as np

    m = models.get("other_sizes")
    rng = np.random.default_rng(0)
    feed = [rng.integers(1, 12, size=(4, 5)).astype("int32") for _ in range(2)]
    y = np.asarray(m.predict(feed, verbose=0))
    if not (np.all(y >= 0) and np.allclose(y.sum(axis=1), 1.0, atol=1e-4)):
        raise Fail(
            "A probability over the answers: each output row sums to 1.",
            f"Rows summing to {np.round(y.sum(axis=1), 3).tolist()}.",
            'Give the last Dense layer `activation="softmax"`.',
        )
    return "rows sum to 1"


def _learns(models):
    import keras

    text, question, answer = training.qa_task(
        1024, OTHER["text_vocab_size"], OTHER["question_vocab_size"], OTHER["answer_vocab_size"]
    )
    net = training.fresh_copy(models.get("other_sizes"))
    net.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    start = float(net.evaluate([text, question], answer, verbose=0))
    net.fit({"text": text, "question": question}, answer, epochs=3, batch_size=64, verbose=0)
    net.fit([text, question], answer, epochs=2, batch_size=64, verbose=0)
    end = float(net.evaluate({"text": text, "question": question}, answer, verbose=0))
    if end > MAX_FINAL_LOSS:
        raise Fail(
            f"Fitted with a dict and then a list of inputs, the loss falls from about 2.08 "
            f"to below {MAX_FINAL_LOSS} (the answer needs both the text and the question).",
            f"Loss {start:.3f} before and {end:.3f} after 5 epochs.",
            "Check that both inputs reach the output and that the last layer is a softmax.",
        )
    return f"loss {start:.3f} -> {end:.3f}"


CHECKS = [
    model.builds(),
    model.functional(),
    model.inputs([(None, None), (None, None)], names=["text", "question"]),
    model.outputs([(None, 500)], look="The last Dense layer needs `answer_vocab_size` units."),
    Check("param_count", _params, "visible", needs=("builds",), kind=Kind.PARAMETERS),
    Check("integer_inputs", _int_inputs, "hidden", needs=("inputs",), kind=Kind.SHAPE),
    model.builds("other_sizes", group="hidden"),
    Check(
        "arguments_used",
        _other_sizes,
        "hidden",
        needs=("builds_other_sizes",),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check("wiring", _wiring, "hidden", needs=("functional_model", "inputs"), kind=Kind.WIRING),
    Check(
        "softmax_output",
        _softmax_output,
        "hidden",
        needs=("arguments_used",),
        kind=Kind.OUTPUT,
        build="other_sizes",
    ),
    Check(
        "learns_with_list_and_dict",
        _learns,
        "hidden",
        needs=("arguments_used", "inputs"),
        kind=Kind.TRAINING,
        build="other_sizes",
    ),
]


EXERCISE = Exercise(
    id="qa_model",
    function="build_qa_model",
    signature=(
        "build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500)"
    ),
    summary=(
        "Two int inputs `text` and `question`, an Embedding/LSTM branch each, "
        "concatenated, softmax."
    ),
    builds=(Build("default"), Build("other_sizes", kwargs=OTHER)),
    hints=(
        (
            "Two inputs, one per kind of sequence, and one output: each of `text` and "
            '`question` is a `keras.Input(shape=(None,), dtype="int32", name=...)` (token ids '
            "of any length), and `keras.Model` gets them as the list `[text, question]`."
        ),
        (
            "Each input has its own branch, an Embedding then an LSTM. `Embedding`'s first "
            "argument is the vocabulary size, the second the vector size (the source text swaps "
            "them): `Embedding(text_vocab_size, 64)` -> `LSTM(32)` for the text, "
            "`Embedding(question_vocab_size, 32)` -> `LSTM(16)` for the question."
        ),
        (
            "Merge the two codes in the order [text, question] and classify: "
            "`layers.concatenate([encoded_text, encoded_question])`, then "
            '`layers.Dense(answer_vocab_size, activation="softmax")` on the result.'
        ),
    ),
    checks=tuple(CHECKS),
)
