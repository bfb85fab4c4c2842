"""`siamese`: a given image model called on two inputs, its features concatenated.

The sandbox gives the learner's function a model made here (`given_base`,
`given_xception`), so the judge knows which weights the result must hold:
it makes the same small base again from the same seed and compares. The
build process also notes whether the given object itself (not a copy) sits
in the returned model (`info["given_inside"]`).
"""

from __future__ import annotations

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise

BASE_NAME = "grader_test_base"
DEFAULT_SHAPE = (250, 250, 3)
OTHER_SHAPE = (48, 40, 3)
SEEDS = {"default": 1, "other_shape": 2, "xception": 0}
XCEPTION_PARAMS = 20_861_480
XCEPTION_OUTPUT = (None, 8, 8, 4096)
TOLERANCE = 1e-4

#: What Keras 3 says to the source text's `right_input = base_model(right_input)`
#: with a shared base: a features tensor stands where the right `Input` belongs.
NOT_CONNECTED = "is not connected to `inputs`"
ERRATUM_LOOK = (
    "This is the source text's erratum: `right_input = base_model(right_input)` "
    "overwrites the right `keras.Input` with the right features, so "
    "`keras.Model([left_input, right_input], ...)` receives a features tensor where an "
    "Input belongs; with a shared base Keras 3 cannot build a model from that "
    '("not connected to `inputs`"). Keep the Input and the features in two '
    "variables: `right_features = base_model(right_input)`."
)

#: What Keras 3 says when two layers (here: the base and a clone of it) share a name.
DUPLICATE_NAME = "times in the model. All operation names should be unique"
DUPLICATE_LOOK = (
    "Two models with the base's name are in your model: the base and a copy of it "
    "(`keras.models.clone_model` keeps the name). A siamese model has one set of weights: "
    "call the one `base_model` on both inputs."
)


def given_base(seed: int):
    """The small test base: two strided 3x3 convolutions on RGB images of any size.

    Its weights are drawn with NumPy from `seed`, so the judge can make the
    same weights again without the learner's process. A `(250, 250, 3)`
    image gives `(63, 63, 16)` features; 1,392 parameters.
    """
    import keras
    import numpy as np
    from keras import layers

    image = keras.Input(shape=(None, None, 3))
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(image)
    x = layers.Conv2D(16, 3, strides=2, padding="same")(x)
    base = keras.Model(image, x, name=BASE_NAME)
    rng = np.random.default_rng(seed)
    base.set_weights(
        [rng.normal(scale=0.3, size=w.shape).astype("float32") for w in base.get_weights()]
    )
    return base


def given_xception(seed: int):
    """The source text's base: `keras.applications.Xception(weights=None, include_top=False)`."""
    import keras

    keras.utils.set_random_seed(seed)
    return keras.applications.Xception(weights=None, include_top=False)


def _features_shape(shape) -> tuple:
    """Shape of the test base's features for an image of `shape`."""
    h, w = shape[0], shape[1]
    for _ in range(2):
        h, w = -(-h // 2), -(-w // 2)
    return (None, h, w, 16)


BASE_PARAMS = 224 + 1168
DEFAULT_OUTPUT = _features_shape(DEFAULT_SHAPE)[:3] + (32,)
OTHER_OUTPUT = _features_shape(OTHER_SHAPE)[:3] + (32,)


def _builds(build: str, name: str, group: str = "visible") -> Check:
    """The function returns a model for `build`; names the source's erratum if Keras
    could not trace the model back to its inputs."""

    def run(models):
        try:
            models.get(build)
        except Fail as fail:
            error = models.outcome(build).error
            if build != "default" and error == models.outcome("default").error:
                raise Fail(
                    fail.expected, fail.received, "The same error as in `builds`: fix that first."
                ) from None
            if NOT_CONNECTED in error:
                raise Fail(fail.expected, fail.received, ERRATUM_LOOK) from None
            if DUPLICATE_NAME in error:
                raise Fail(fail.expected, fail.received, DUPLICATE_LOOK) from None
            raise
        if models.info(build).get("returned") == "NoneType":
            raise Fail(
                "The function returns the siamese `keras.Model`.",
                "None.",
                "End with `return keras.Model([left_input, right_input], merged_features)`.",
            )
        return "a model"

    # Keras cannot trace the model to its inputs: the overwrite hint.
    return Check(name, run, group, kind=Kind.BUILD, build=build, hint=2)


def _shape_look(got: tuple, features: tuple, config: dict) -> str:
    want = features[:3] + (2 * features[3],)
    if len(got) != len(want):
        return model.rank_look([("Your output", want, got)], config)
    if features[3] != 2048 and len(got) == 4 and (got[-1] == 4096 or got[1:3] == (8, 8)):
        return (
            "These are Xception's features, not the given base's: use the `base_model` "
            "argument, do not make a new network inside the function."
        )
    if len(got) == 4 and got[-1] == features[3] and got[1:3] != features[1:3]:
        return (
            "The two feature maps are joined along a spatial axis. Concatenate them on the "
            "last (channel) axis: `layers.concatenate([left_features, right_features], axis=-1)`."
        )
    if got == features:
        return (
            "The output has the features of one image only (or their sum): concatenate the "
            "left and the right features on the last axis."
        )
    return (
        f"Call `base_model` on each input and concatenate the two results on the last axis: "
        f"the output is {model.shape_text(want)}."
    )


def _output_shape(models):
    got = tuple(models.get("default").outputs[0].shape)
    if got != DEFAULT_OUTPUT:
        raise Fail(
            f"Output shape {model.shape_text(DEFAULT_OUTPUT)} with the grader's small test base, "
            f"whose features for a {DEFAULT_SHAPE} image are "
            f"{model.shape_text(_features_shape(DEFAULT_SHAPE))}: left and right side by side "
            "on the last axis.",
            f"Output shape {model.shape_text(got)}.",
            _shape_look(
                got, _features_shape(DEFAULT_SHAPE), model.config_of(models.get("default"))
            ),
        )
    return model.shape_text(got)


def _params_look(got: int, base: int) -> str:
    if got == 2 * base:
        return (
            "That is twice the base: your model holds two copies of it (a clone, or a second "
            "network). Call the one `base_model` on both inputs so that both use the same weights."
        )
    if got == XCEPTION_PARAMS and base != XCEPTION_PARAMS:
        return "That is a new Xception: use the `base_model` argument instead."
    return (
        "The siamese model adds no weights of its own: every parameter is the base's, "
        "shared by both branches. Compare `model.summary()` with `base_model.summary()`."
    )


def _params(models):
    got = models.get("default").count_params()
    if got != BASE_PARAMS:
        raise Fail(
            f"{model.count(BASE_PARAMS)} parameters: exactly those of the given `base_model` "
            "(the grader's small test base).",
            f"{model.count(got)} parameters.",
            _params_look(got, BASE_PARAMS),
        )
    return f"{model.count(got)} parameters"


def _xception_numbers(models):
    m = models.get("xception")
    got_out, got = tuple(m.outputs[0].shape), m.count_params()
    if (got_out, got) != (XCEPTION_OUTPUT, XCEPTION_PARAMS):
        raise Fail(
            f"With `keras.applications.Xception(weights=None, include_top=False)` as "
            f"`base_model`: output {model.shape_text(XCEPTION_OUTPUT)} and "
            f"{model.count(XCEPTION_PARAMS)} parameters, the base's own.",
            f"Output {model.shape_text(got_out)} and {model.count(got)} parameters.",
            _shape_look(got_out, (None, 8, 8, 2048), model.config_of(m))
            if got_out != XCEPTION_OUTPUT
            else _params_look(got, XCEPTION_PARAMS),
        )
    return f"output {model.shape_text(got_out)}, {model.count(got)} parameters"


def _given_inside(info: dict) -> bool | None:
    if "given_inside" in info:
        return bool(info["given_inside"])
    if "given_nested" in info:
        return bool(info["given_nested"])
    return None


def _same_weights(layer, want) -> bool:
    import numpy as np

    got = layer.get_weights()
    return len(got) == len(want) and all(
        g.shape == w.shape and np.array_equal(g, w) for g, w in zip(got, want, strict=True)
    )


def _given_base_used(models):
    import keras

    m = models.get("default")
    want = given_base(SEEDS["default"]).get_weights()
    shapes = [w.shape for w in want]
    nested = [layer for layer in model.all_layers(m) if isinstance(layer, keras.Model)]
    expected = (
        "The model calls the given `base_model` itself: the grader's test base, with the "
        "weights the grader gave it."
    )
    if not any(_same_weights(n, want) for n in nested):
        if any([w.shape for w in n.get_weights()] == shapes for n in nested):
            received = "A model with the base's architecture but other weights: a copy."
            look = (
                "`keras.models.clone_model` (or building the network again) makes new "
                "weights. Call `base_model(left_input)` and `base_model(right_input)`."
            )
        elif nested:
            received = (
                "Nested model(s) "
                + ", ".join(f"`{n.name}`" for n in nested)
                + ", none of them the given base."
            )
            look = (
                "Use the `base_model` argument: do not create a new network (such as "
                "`keras.applications.Xception(...)`) inside the function."
            )
        else:
            received = "No nested model: `base_model` is not called."
            look = "Call `base_model` on each input, as a layer: `base_model(left_input)`."
        raise Fail(expected, received, look)
    if _given_inside(models.info("default")) is False:
        raise Fail(
            expected,
            "A copy of `base_model` with the same weights, not the object that was passed in.",
            "Call the `base_model` you receive, not a clone of it: training the siamese "
            "model must train the given base.",
        )
    return "the given base, with its weights"


def _merge_node(g):
    node = g.node(g.outputs[0])
    while len(node.inputs) == 1:
        node = g.node(node.inputs[0])
    return node


def _wiring(models):
    m = models.get("default")
    g = graph.Graph.of(m)
    want = (
        "One base model called on `left_input` and on `right_input`; its two outputs "
        "concatenated as [left, right]."
    )
    merge = _merge_node(g)
    if merge.class_name != "Concatenate" or len(merge.inputs) != 2:
        raise Fail(
            want,
            f"The output is computed from a `{merge.class_name}` of {len(merge.inputs)} tensors.",
            "Merge the two feature maps with `layers.concatenate([left_features, "
            "right_features], axis=-1)`.",
        )
    sides = graph.merge_sides(
        g, merge, ("`left_input` (first input)", "`right_input` (second input)")
    )
    if sides:
        received, kind = sides
        look = {
            "swapped": "The halves are swapped: the contract's order is [left, right], the order "
            "of the inputs.",
            "same": "The base is called on one input only, so the other image is never read. "
            "Call it once on each input: `base_model(left_input)`, `base_model(right_input)`.",
            "mixed": "Each half of the concatenation must be the base's features of one input.",
        }[kind]
        raise Fail(want, received, look)
    holders = [
        {n for n in g.upstream(ref) if g.layers[n]["class_name"] in graph.NESTED_MODELS}
        for ref in merge.inputs
    ]
    shared = holders[0] & holders[1]
    if len(shared) != 1 or holders[0] != holders[1] or g.calls(next(iter(shared))) < 2:
        raise Fail(
            want,
            "The two halves are not computed by one model called twice "
            f"(models per half: {sorted(holders[0])}, {sorted(holders[1])}).",
            "Call the same `base_model` on both inputs: the twin branches share its weights.",
        )
    return f"`{next(iter(shared))}` called on both inputs, concatenated [left, right]"


def _other_shape(models):
    m = models.get("other_shape")
    want_in = [(None, *OTHER_SHAPE)] * 2
    got_in = [tuple(t.shape) for t in m.inputs]
    got_out = tuple(m.outputs[0].shape)
    if (got_in, got_out) != (want_in, OTHER_OUTPUT):
        raise Fail(
            f"With input_shape={OTHER_SHAPE}: inputs {model.shape_text(want_in[0])} twice and "
            f"output {model.shape_text(OTHER_OUTPUT)}.",
            "Inputs "
            + ", ".join(model.shape_text(s) for s in got_in)
            + f", output {model.shape_text(got_out)}.",
            model.input_rank_look(want_in, got_in)
            or model.rank_look([("Your output", OTHER_OUTPUT, got_out)], model.config_of(m))
            or "Use `keras.Input(shape=input_shape)` for both inputs instead of a fixed shape.",
        )
    return f"inputs {model.shape_text(got_in[0])}, output {model.shape_text(got_out)}"


def _features_output(models):
    """The output equals [base(left), base(right)] on the last axis, with the given weights."""
    import numpy as np

    m = models.get("default")
    base = given_base(SEEDS["default"])
    rng = np.random.default_rng(0)
    left = rng.random((2, *DEFAULT_SHAPE), dtype="float32")
    right = rng.random((2, *DEFAULT_SHAPE), dtype="float32")
    f_left, f_right = np.asarray(base(left)), np.asarray(base(right))
    want = np.concatenate([f_left, f_right], axis=-1)
    got = np.asarray(m.predict([left, right], verbose=0))
    if got.shape == want.shape and np.allclose(got, want, atol=TOLERANCE):
        return "[base(left), base(right)] on the last axis"
    if got.shape == want.shape and np.allclose(
        got, np.concatenate([f_right, f_left], axis=-1), atol=TOLERANCE
    ):
        look = (
            "The features are concatenated as [right, left]: the contract's order is [left, right]."
        )
    elif got.shape == want.shape and any(
        np.allclose(got[..., half], want[..., half], atol=TOLERANCE)
        for half in (slice(0, f_left.shape[-1]), slice(f_left.shape[-1], None))
    ):
        look = (
            "Only one half of the output is the given base's features of its input: call "
            "the same `base_model` on `left_input` and on `right_input`."
        )
    else:
        look = (
            "The output is not the two feature maps side by side: look for an extra layer or "
            "activation after the concatenation, or for inputs passed in the wrong order."
        )
    raise Fail(
        "`model([left, right])` equals `concatenate([base_model(left), base_model(right)], "
        "axis=-1)`.",
        f"Output of shape {got.shape}; the largest difference from that is "
        f"{float(np.max(np.abs(got - want))) if got.shape == want.shape else float('nan'):.3g}.",
        look,
    )


def _xception_given(models):
    if _given_inside(models.info("xception")) is False:
        raise Fail(
            "The given Xception itself is called on both inputs.",
            "The returned model does not contain the `base_model` object it was given.",
            "Use the `base_model` argument (not a new `Xception` or a clone of it).",
        )
    return "the given Xception"


CHECKS = [
    _builds("default", "builds"),
    model.functional(),
    model.inputs([(None, *DEFAULT_SHAPE)] * 2),
    Check("output_shape", _output_shape, "visible", needs=("builds",), kind=Kind.SHAPE, hint=3),
    Check("param_count", _params, "visible", needs=("builds",), kind=Kind.PARAMETERS),
    _builds("xception", "builds_xception"),
    Check(
        "xception_numbers",
        _xception_numbers,
        "visible",
        needs=("builds_xception",),
        kind=Kind.PARAMETERS,
        build="xception",
    ),
    Check("given_base_used", _given_base_used, "hidden", needs=("builds",), kind=Kind.SHARING),
    Check(
        "siamese_wiring", _wiring, "hidden", needs=("functional_model", "inputs"), kind=Kind.WIRING
    ),
    _builds("other_shape", "builds_other_shape", group="hidden"),
    Check(
        "arguments_used",
        _other_shape,
        "hidden",
        needs=("builds_other_shape",),
        kind=Kind.ARGUMENTS,
        build="other_shape",
    ),
    Check(
        "features_output",
        _features_output,
        "hidden",
        needs=("output_shape", "given_base_used"),
        kind=Kind.OUTPUT,
    ),
    Check(
        "xception_given",
        _xception_given,
        "hidden",
        needs=("builds_xception",),
        kind=Kind.SHARING,
        build="xception",
    ),
]


EXERCISE = Exercise(
    id="siamese",
    function="build_siamese_model",
    signature="build_siamese_model(base_model, input_shape=(250, 250, 3))",
    summary="Two image inputs, the given base model called on both, features concatenated.",
    builds=(
        Build("default", given="base", seed=SEEDS["default"]),
        Build("xception", given="xception", seed=SEEDS["xception"]),
        Build(
            "other_shape",
            kwargs={"input_shape": OTHER_SHAPE},
            given="base",
            seed=SEEDS["other_shape"],
        ),
    ),
    hints=(
        (
            "The base is given: do not build, copy or clone one. Make two "
            "`keras.Input(shape=input_shape)` and return `keras.Model([left_input, "
            "right_input], merged)`; its parameters are the base's, counted once."
        ),
        (
            "A model is called like a layer: `base_model(left_input)` and "
            "`base_model(right_input)` use the same weights. Keep inputs and features in "
            "separate variables: `right_input = base_model(right_input)` (the source text's "
            "erratum) replaces the right input by features, and the model no longer starts at "
            "its input."
        ),
        (
            "Concatenate the two feature maps in the order [left, right] on the channel axis: "
            "`layers.concatenate([left_features, right_features], axis=-1)`."
        ),
    ),
    checks=tuple(CHECKS),
)
