"""`feature_extractor`: a model whose outputs are named inner layers of a given model.

The sandbox gives the learner's function a model made here (`given_mlp`, one
input; `given_two_inputs`, two inputs), with weights drawn by NumPy from the
build's seed, so the judge makes the same model again and knows every
layer's activations on its own random batch. The judge decides from the
saved models and that rebuilt given model: the extractor's inputs (names,
shapes, dtypes, order), its outputs (count, shapes, values), its weights (a
subset of the given's, no more of them), and, from the `*_after` builds
(`Build.saves_given`), the given model as the function left it (weights and
`trainable` flags).

What no saved file can show, object identity, comes from the build process
(`info`: the extractor's inputs are the given's own tensors, and no layer of
the given was called again). Those facts only ever fail a submission: a
correct one never depends on them.
"""

from __future__ import annotations

import functools

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind, builds_name
from autograder.exercise import Build, Exercise

TOLERANCE = 1e-5
BATCH = 8
VOCAB = 20

#: The layer names each build asks for: several, in neither the model's layer
#: order nor sorted order; one name; several of a two-input model.
NAMES = {
    "default": ["hidden_2", "scores", "hidden_1"],
    "one_name": ["embedding"],
    "two_inputs": ["joint_hidden", "token_pool", "numbers_dense"],
}
SEEDS = {"default": 1, "one_name": 2, "two_inputs": 3}
#: The build whose given model a build reads, and its factory.
GIVEN = {"default": "mlp", "one_name": "mlp", "two_inputs": "two_inputs"}
#: The `saves_given` build of each build whose given model is checked unchanged.
AFTER = {"default": "mlp_after", "two_inputs": "two_inputs_after"}


def _draw_weights(m, seed: int):
    """Sets every weight of `m` from a NumPy generator seeded with `seed`."""
    import numpy as np

    rng = np.random.default_rng(seed)
    m.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32") for w in m.get_weights()])
    return m


def given_mlp(seed: int):
    """The one-input test model: `features` (10,) -> Dense 16, 12, 8, 3.

    Each layer has a different width, so a shape names the layer it comes
    from. 443 parameters, drawn from `seed`.
    """
    import keras
    from keras import layers

    features = keras.Input(shape=(10,), name="features")
    x = layers.Dense(16, activation="relu", name="hidden_1")(features)
    x = layers.Dense(12, activation="relu", name="hidden_2")(x)
    x = layers.Dense(8, activation="tanh", name="embedding")(x)
    scores = layers.Dense(3, activation="softmax", name="scores")(x)
    return _draw_weights(keras.Model(features, scores, name="grader_test_mlp"), seed)


def given_two_inputs(seed: int):
    """The two-input test model: `numbers` (6,) and `tokens` (5,) int32, joined.

    `numbers` -> Dense 8; `tokens` -> Embedding(20, 4) -> average pooling;
    concatenated -> Dense 10 -> Dense 1 sigmoid. 267 parameters, drawn from `seed`.
    """
    import keras
    from keras import layers

    numbers = keras.Input(shape=(6,), name="numbers")
    tokens = keras.Input(shape=(5,), dtype="int32", name="tokens")
    a = layers.Dense(8, activation="relu", name="numbers_dense")(numbers)
    e = layers.Embedding(VOCAB, 4, name="token_embedding")(tokens)
    p = layers.GlobalAveragePooling1D(name="token_pool")(e)
    joined = layers.Concatenate(name="joined")([a, p])
    h = layers.Dense(10, activation="relu", name="joint_hidden")(joined)
    score = layers.Dense(1, activation="sigmoid", name="score")(h)
    return _draw_weights(keras.Model([numbers, tokens], score, name="grader_test_two_inputs"), seed)


@functools.cache
def _given(build: str):
    """The given model of `build`, made again here from the build's seed."""
    factory = {"mlp": given_mlp, "two_inputs": given_two_inputs}[GIVEN[build]]
    return factory(SEEDS[build])


def _feed(data: list):
    """What `predict` takes for these inputs: the array alone for a one-input model."""
    return data[0] if len(data) == 1 else data


def _batch(given) -> list:
    """A random batch for each input of `given`, from the judge's seed."""
    import numpy as np

    from autograder.checks import training

    rng = np.random.default_rng(training.SEED)
    out = []
    for t in given.inputs:
        shape = (BATCH, *t.shape[1:])
        if "int" in str(t.dtype):
            out.append(rng.integers(0, VOCAB, size=shape).astype(str(t.dtype)))
        else:
            out.append(rng.normal(size=shape).astype("float32"))
    return out


def _activations(given, data: list) -> dict:
    """Layer name -> its output on `data`, for every layer of `given` (inputs too)."""
    import keras
    import numpy as np

    names = [t.name for t in given.inputs]
    inner = [layer for layer in given.layers if layer.name not in names]
    probe = keras.Model(given.inputs, [layer.output for layer in inner])
    values = probe.predict(_feed(data), verbose=0)
    out = dict(zip(names, data, strict=True))
    out.update({layer.name: np.asarray(v) for layer, v in zip(inner, values, strict=True)})
    return out


def _shapes(given) -> dict:
    """Layer name -> its output shape, for every layer of `given` (inputs too)."""
    return {layer.name: tuple(layer.output.shape) for layer in given.layers}


def _names_text(names) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _neighbours(given, name: str) -> tuple[list[str], list[str]]:
    """The layers that feed layer `name` of `given`, and those it feeds (from its config)."""
    g = graph.Graph.of(given)
    before = [ref[0] for ref in g.node((name, 0, 0)).inputs]
    after = [n for n in g.layers if name in [ref[0] for ref in g.node((n, 0, 0)).inputs]]
    return before, after


def _which(found: list, want: list[str], given) -> str:
    """The next step when the outputs are other layers' than `want`, in this order.

    Args:
        found: The layer each received output comes from, `None` if none.
        want: The layer names asked for, in order.
        given: The rebuilt given model.
    """
    order = [layer.name for layer in given.layers]
    if len(found) == 1 and len(want) > 1 and found[0] in want:
        return (
            f"Your model has one output, the output of `{found[0]}`: return one output per "
            "name, `keras.Model(model.inputs, [model.get_layer(name).output for name in "
            "layer_names])`."
        )
    if sorted(found, key=str) == sorted(want) and found != want:
        if found == sorted(want):
            how = "in sorted (alphabetical) order"
        elif found == sorted(want, key=order.index):
            how = "in the order of `model.layers`"
        else:
            how = "in another order"
        return (
            f"These are the right layers {how}. The outputs follow `layer_names` as given: "
            "loop over `layer_names` itself, do not sort it or walk `model.layers`."
        )
    if len(found) != len(want):
        return (
            f"One output per name in `layer_names` ({len(want)} here): "
            "`[model.get_layer(name).output for name in layer_names]`."
        )
    pairs = list(zip(found, want, strict=True))
    if all(f in _neighbours(given, w)[0] for f, w in pairs):
        return (
            "Each output is the tensor that goes *into* the named layer, the output of the "
            "layer before it (`.input` in place of `.output`, or a position off by one): "
            "take `model.get_layer(name).output`, not `.input`."
        )
    if all(f == w or f in _neighbours(given, w)[1] for f, w in pairs):
        return (
            "Outputs come from the layer after the named one: off by one. Look each layer "
            "up by its name, `model.get_layer(name)`, rather than by its position in "
            "`model.layers` (whose first entries are the `InputLayer`s)."
        )
    return "Look each layer up by name: `[model.get_layer(name).output for name in layer_names]`."


def _found_text(found: list) -> str:
    return ", ".join(f"`{f}`" if f else "no layer of the given model" for f in found)


# --- checks -------------------------------------------------------------------


def _first(build: str) -> tuple[str, ...]:
    """What a shape check of `build` needs: a functional model for the default build."""
    return ("functional_model",) if build == "default" else (builds_name(build),)


#: The next step for a build error that contains the key.
BUILD_LOOKS = (
    (
        "to return a `keras.Model`",
        "Return a model, not the tensors themselves: `keras.Model(model.inputs, outputs)` "
        "with `outputs` your list of tensors.",
    ),
    (
        "not connected to `inputs`",
        "Some outputs are computed from an input that your model does not list. Pass all "
        "of the given model's inputs, `model.inputs` (a list, in order), not only "
        "`model.inputs[0]`.",
    ),
)


def _inputs(build: str, name: str, group: str) -> Check:
    """The extractor's inputs have the given model's input names, shapes and dtypes, in order."""

    def describe(tensors) -> str:
        return ", ".join(
            f"`{t.name}` {model.shape_text(tuple(t.shape))} {t.dtype}" for t in tensors
        )

    def run(models):
        m, given = models.get(build), _given(build)
        key = [(t.name, tuple(t.shape), str(t.dtype)) for t in given.inputs]
        got = [(t.name, tuple(t.shape), str(t.dtype)) for t in m.inputs]
        if got != key:
            if sorted(got) == sorted(key):
                look = (
                    "The given model's inputs in another order: pass `model.inputs` as it is, "
                    "in the given model's order."
                )
            else:
                look = (
                    "Use the given model's own input tensors, `model.inputs`: a new "
                    "`keras.Input` (or a copy of the model) starts a new graph, and the "
                    "extractor no longer shares the given model's."
                )
            raise Fail(
                f"The given model's inputs, in its order: {describe(given.inputs)}.",
                f"Inputs {describe(m.inputs)}.",
                look,
            )
        return describe(m.inputs)

    return Check(name, run, group, needs=_first(build), kind=Kind.SHAPE, build=build)


def _outputs(build: str, name: str, group: str) -> Check:
    """One output per name, as a list, in order, each with the named layer's shape."""

    def run(models):
        m, given = models.get(build), _given(build)
        want = NAMES[build]
        shapes = _shapes(given)
        want_shapes = [shapes[n] for n in want]
        got_shapes = [tuple(t.shape) for t in m.outputs]
        shapes_text = ", ".join(model.shape_text(s) for s in want_shapes)
        if len(want) > 1:
            expected = (
                f"{len(want)} outputs as a list: the outputs of {_names_text(want)}, in that "
                f"order, of shapes {shapes_text}."
            )
        else:
            expected = f"One output in a list: the output of {_names_text(want)}, {shapes_text}."
        if got_shapes != want_shapes:
            by_shape = {s: n for n, s in shapes.items()}
            found = [by_shape.get(s) for s in got_shapes]
            raise Fail(
                expected,
                f"{len(got_shapes)} output(s) of shape "
                + ", ".join(model.shape_text(s) for s in got_shapes)
                + f": by their shapes, the outputs of {_found_text(found)}.",
                _which(found, want, given),
            )
        if not isinstance(m.output, (list, tuple)):
            raise Fail(
                expected,
                "One output tensor, not in a list.",
                "Pass the outputs as a list even for a single name, "
                "`keras.Model(model.inputs, [tensor])`: callers of the extractor then always "
                "get a list of arrays, one per name.",
            )
        return ", ".join(model.shape_text(s) for s in got_shapes)

    return Check(name, run, group, needs=_first(build), kind=Kind.SHAPE, build=build)


def _weights_reused(build: str, name: str) -> Check:
    """Every weight of the extractor is a weight of the given model; no more of them."""

    def run(models):
        import numpy as np

        m, given = models.get(build), _given(build)
        pool = given.get_weights()
        got = m.get_weights()
        strangers = 0
        for w in got:
            match = next(
                (i for i, g in enumerate(pool) if g.shape == w.shape and np.array_equal(g, w)),
                None,
            )
            if match is None:
                strangers += 1
            else:
                pool.pop(match)
        if strangers or len(got) > len(given.get_weights()):
            raise Fail(
                f"The extractor reuses the given model's layers: each of its weight arrays is "
                f"one of the given model's {len(given.get_weights())}, with the values the "
                "grader gave it.",
                f"{len(got)} weight arrays, {strangers} of them not the given model's.",
                "Do not copy or rebuild the model (`keras.models.clone_model`, new layers, "
                "`model.fit`, `set_weights`): take the outputs of its own layers, "
                "`model.get_layer(name).output`.",
            )
        return f"{len(got)} weight arrays, all the given model's"

    return Check(name, run, "hidden", needs=(builds_name(build),), kind=Kind.SHARING, build=build)


def _values(build: str, name: str, needs: tuple) -> Check:
    """On the judge's random batch, each output equals the named layer's activation."""

    def run(models):
        import numpy as np

        m, given = models.get(build), _given(build)
        data = _batch(given)
        acts = _activations(given, data)
        want = NAMES[build]
        got = m.predict(_feed(data), verbose=0)
        got = [np.asarray(v) for v in (got if isinstance(got, (list, tuple)) else [got])]
        found = [
            next(
                (
                    n
                    for n, a in acts.items()
                    if a.shape == v.shape and np.allclose(a, v, atol=TOLERANCE)
                ),
                None,
            )
            for v in got
        ]
        if found != want:
            raise Fail(
                f"On a random batch, the outputs equal the activations of {_names_text(want)} "
                "in the given model, in that order.",
                f"Outputs equal to the activations of {_found_text(found)}.",
                "An output that matches no layer holds other weights or another computation: "
                "reuse the given layers as they are. " + _which(found, want, given),
            )
        return "the named layers' activations, in order"

    return Check(name, run, "hidden", needs=needs, kind=Kind.OUTPUT, build=build)


def _same_graph(models):
    """Object identity the build process saw: the given's own inputs, no new calls."""
    for build in ("default", "one_name", "two_inputs"):
        if not models.outcome(build).ok:
            continue
        info = models.info(build)
        if info.get("same_inputs") is False:
            raise Fail(
                "The extractor starts from the given model's own input tensors, "
                "`model.inputs` (the same objects).",
                f"For `{models.exercise.function}(model, layer_names={NAMES[build]!r})`: "
                "inputs that look like the given model's but are other tensors.",
                "A new `keras.Input` with the same name and shape, or a copy of the model "
                "(`keras.models.clone_model`), is a new graph: use `model.inputs` itself.",
            )
        if info.get("given_new_calls"):
            raise Fail(
                "The function calls no layer of the given model: the layers' outputs already "
                "exist in its graph.",
                f"For `{models.exercise.function}(model, layer_names={NAMES[build]!r})`: "
                f"layers {_names_text(info['given_new_calls'])} were called again.",
                "Calling a layer again adds a new node to the given model's layers. Read "
                "`model.get_layer(name).output` instead of calling `layer(x)`.",
            )
    return "the given model's own inputs and layer outputs"


def _unchanged(build: str, name: str) -> Check:
    """The given model after the call has its weights and `trainable` flags."""
    after = AFTER[build]

    def run(models):
        import numpy as np

        left, given = models.get(after), _given(build)
        flags = [(layer.name, layer.trainable) for layer in given.layers]
        got_flags = [(layer.name, layer.trainable) for layer in left.layers]
        frozen = [n for (n, t), (_, w) in zip(got_flags, flags, strict=False) if t != w]
        if got_flags != flags or left.trainable != given.trainable:
            raise Fail(
                "The given model keeps its `trainable` flags: every layer trainable.",
                "After the call: layers "
                + (_names_text(frozen) or "of the model")
                + f" changed, `model.trainable` is {left.trainable}.",
                "Leave `trainable` alone: the extractor shares the given layers, so "
                "`model.trainable = False` (or `extractor.trainable = False`) freezes the "
                "given model too. Whoever trains a model decides what to freeze.",
            )
        got, want = left.get_weights(), given.get_weights()
        if len(got) != len(want) or not all(
            g.shape == w.shape and np.array_equal(g, w) for g, w in zip(got, want, strict=True)
        ):
            raise Fail(
                "The given model keeps the weights the grader gave it.",
                "After the call, its weights are different.",
                "Do not train, compile-and-fit or `set_weights` the given model: the extractor "
                "only reads its layers' outputs.",
            )
        return "the given model as it was"

    return Check(name, run, "hidden", needs=(builds_name(after),), kind=Kind.SHARING, build=after)


def _build(name: str, call: str, saves_given: bool = False) -> Build:
    """The build `name` of the call `call` (a key of `NAMES`): its names, given model, seed."""
    return Build(
        name,
        {"layer_names": NAMES[call]},
        given=GIVEN[call],
        seed=SEEDS[call],
        saves_given=saves_given,
    )


CHECKS = [
    model.builds("default", looks=BUILD_LOOKS),
    model.functional(),
    _inputs("default", "inputs", "visible"),
    _outputs("default", "outputs", "visible"),
    _weights_reused("default", "weights_reused"),
    _values("default", "output_values", needs=("inputs", "outputs")),
    model.builds("one_name", "hidden", BUILD_LOOKS),
    _outputs("one_name", "one_name_outputs", "hidden"),
    _values("one_name", "one_name_values", needs=("one_name_outputs",)),
    model.builds("two_inputs", "hidden", BUILD_LOOKS),
    _inputs("two_inputs", "two_inputs_inputs", "hidden"),
    _outputs("two_inputs", "two_inputs_outputs", "hidden"),
    _weights_reused("two_inputs", "two_inputs_weights_reused"),
    _values("two_inputs", "two_inputs_values", needs=("two_inputs_inputs", "two_inputs_outputs")),
    Check(
        "same_graph",
        _same_graph,
        "hidden",
        needs=("builds",),
        kind=Kind.SHARING,
    ),
    model.builds("mlp_after", "hidden", BUILD_LOOKS),
    _unchanged("default", "given_unchanged"),
    model.builds("two_inputs_after", "hidden", BUILD_LOOKS),
    _unchanged("two_inputs", "two_inputs_given_unchanged"),
]


EXERCISE = Exercise(
    id="feature_extractor",
    function="build_feature_extractor",
    signature="build_feature_extractor(model, layer_names)",
    summary=(
        "A model on the given model's own inputs whose outputs are the outputs of the "
        "layers named in `layer_names`, as a list in that order."
    ),
    builds=(
        _build("default", "default"),
        _build("one_name", "one_name"),
        _build("two_inputs", "two_inputs"),
        _build("mlp_after", "default", saves_given=True),
        _build("two_inputs_after", "two_inputs", saves_given=True),
    ),
    hints=(
        "Every layer of a functional model keeps the tensor it produced: a new model can "
        "start from the same inputs and end at any of those tensors.",
        "Find each layer by its name with `model.get_layer(name)` and take its `.output`; "
        "start from `model.inputs`, not from a new `keras.Input`.",
        "The key line: `outputs = [model.get_layer(name).output for name in layer_names]`.",
    ),
    checks=tuple(CHECKS),
)
