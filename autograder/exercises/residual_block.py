"""`residual_block`: the residual connections of the source, identity and projection.

The learner's `residual_block(x, filters=128, downsample=False)` takes a
tensor and returns one; the build process calls it on
`x = keras.Input(shape, name="x")` and saves `keras.Model(x, result)`. The
checks find the sum at the end of the block in the model's config and read
its two summed tensors back to `x`: the main path (convolutions, and the
pooling with `downsample=True`) and the shortcut, which must start at `x`
itself. A shortcut from an inner tensor of the same shape (the output of the
first convolution, say) has the same shapes and parameters, so only the
wiring tells it apart, and the message names the layer it starts from.

Any way of writing the sum passes (`layers.add`, `layers.Add()`, `y + x`,
`keras.ops.add`, in either order): all of them are an `Add` call in the
config. The pooling and the 1x1 projection may use `padding="valid"`: on the
even sizes tested it gives the same result as `"same"`.
"""

from __future__ import annotations

import dataclasses

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind, builds_name
from autograder.exercise import Build, Exercise
from autograder.exercises import _convnets as conv

ANY = "any"  # a padding that gives the same result either way on the shapes tested

BUILDS = (
    Build("default", tensor_inputs=(32, 32, 128)),
    Build("downsample", kwargs={"downsample": True}, tensor_inputs=(32, 32, 64)),
    Build("identity_small", kwargs={"filters": 16}, tensor_inputs=(8, 8, 16)),
    Build("downsample_small", kwargs={"filters": 10, "downsample": True}, tensor_inputs=(8, 12, 6)),
)
SPECS = {b.name: b for b in BUILDS}
DEFAULT_FILTERS = 128


def _filters(build: Build) -> int:
    """The `filters` a build passes (the default if it passes none)."""
    return build.kwargs.get("filters", DEFAULT_FILTERS)


def _downsample(build: Build) -> bool:
    """Whether a build asks for the downsampling block."""
    return bool(build.kwargs.get("downsample", False))


def param_count(channels: int, filters: int = 128, downsample: bool = False) -> int:
    """Parameters of the block on `channels` input channels.

    Identity (`channels == filters`): three 3x3 convolutions. Downsampling:
    two 3x3 convolutions (the first on `channels`) and the 1x1 projection.
    """
    f = filters
    if downsample:
        return (9 * channels * f + f) + (9 * f * f + f) + (channels * f + f)
    return 3 * (9 * f * f + f)


def output_shape(build: Build) -> tuple:
    """The output shape of a build: `x`'s (halved with `downsample=True`), `filters` channels."""
    h, w, _ = build.tensor_inputs
    if _downsample(build):
        h, w = h // 2, w // 2
    return (None, h, w, _filters(build))


def _call(build: Build) -> str:
    """The call the build makes, as the learner would write it."""
    args = ["x"] + [f"{k}={v!r}" for k, v in build.kwargs.items()]
    return f"residual_block({', '.join(args)})"


# --------------------------------------------------------------------------- builds


def _build_hint(build: Build, received: str) -> str:
    """What to do when the block cannot be built; the usual cause is a shape mismatch."""
    mismatch = "incompatible shapes" in received or "Cannot broadcast shape" in received
    if not mismatch:
        return ""
    shapes = conv.shapes3_in(received) or conv.shapes_in(received)
    channels_only = (
        len(shapes) == 2 and shapes[0][:2] == shapes[1][:2] and shapes[0][2] != shapes[1][2]
    )
    if channels_only and not _downsample(build):
        return (
            f"Shapes that differ only in channels ({shapes[0][2]} and {shapes[1][2]}): every "
            f"Conv2D of the block has `filters` filters (here {_filters(build)}); use the "
            "argument `filters` in place of a fixed number."
        )
    if _downsample(build):
        h, w, _ = build.tensor_inputs
        want = (h // 2, w // 2, _filters(build))
        if len(shapes) == 2 and want in shapes:
            other = shapes[1] if shapes[0] == want else shapes[0]
            if other[0] < want[0] or other[1] < want[1]:
                return (
                    f"Shapes that cannot be added: {other[:2]} is smaller than the {want[:2]} "
                    'of a block whose 3x3 convolutions use `padding="same"` (only the 2x2 '
                    "pooling and the stride-2 projection halve the height and width)."
                )
        return (
            "Shapes that cannot be added: in the downsampling block the main path ends with "
            "2x2 max pooling (half the height and width, `filters` channels), so the "
            "shortcut must be the projection `layers.Conv2D(filters, 1, strides=2)(x)`, "
            "which has the same shape."
        )
    return (
        "Shapes that cannot be added: in the identity block the three convolutions keep "
        'the shape of `x` (3x3 kernels, `padding="same"`, stride 1, `filters` filters), '
        "so that `x` itself can be added to their output."
    )


def _builds(build: Build, group: str) -> Check:
    """The learner's function returns a tensor for `build`."""

    def run(models):
        try:
            models.get(build.name)
        except Fail as fail:
            raise Fail(
                f"`{_call(build)}` returns a tensor built from `x`.",
                fail.received,
                _build_hint(build, fail.received) or fail.message,
            ) from None
        return "a tensor built from x"

    # Shapes that cannot be added: the main path (2), or the projection (3).
    hint = 3 if _downsample(build) else 2
    return Check(builds_name(build.name), run, group, kind=Kind.BUILD, build=build.name, hint=hint)


# --------------------------------------------------------------------------- shapes


def _shape_and_params(build: Build, what: str) -> Check:
    """Output shape or parameter count of one build."""
    spec = build

    def run(models):
        m = models.get(spec.name)
        if what == "shape":
            got, want = tuple(m.outputs[0].shape), output_shape(spec)
            if got != want:
                look = (
                    "With `downsample=True` the 2x2 max pooling halves the height and width; "
                    "every convolution has `filters` filters."
                    if _downsample(spec)
                    else "The identity block keeps the shape of `x`: 3x3 convolutions with "
                    '`padding="same"` and stride 1, `filters` filters.'
                )
                raise Fail(
                    f"Output shape {model.shape_text(want)}.",
                    f"Output shape {model.shape_text(got)}.",
                    model.shape_look(want, got, look, model.config_of(m)),
                )
            return model.shape_text(got)
        got = m.count_params()
        want = param_count(spec.tensor_inputs[-1], _filters(spec), _downsample(spec))
        if got != want:
            look = (
                "Two 3x3 convolutions, the pooling (no weights) and a 1x1 projection of `x`: "
                "compare `keras.Model(x, y).summary()` with the exercise."
                if _downsample(spec)
                else "Three 3x3 convolutions, and `x` itself added with no layer on the "
                "shortcut: compare `keras.Model(x, y).summary()` with the exercise."
            )
            raise Fail(f"{model.count(want)} parameters.", f"{model.count(got)} parameters.", look)
        return f"{model.count(got)} parameters"

    kind = Kind.SHAPE if what == "shape" else Kind.PARAMETERS
    name = _prefix(spec.name) + ("output_shape" if what == "shape" else "param_count")
    return Check(name, run, "visible", (builds_name(spec.name),), kind=kind, build=spec.name)


def _arguments_used(models):
    """Check: `filters` and `downsample` are honoured on other input sizes."""
    wrong = []
    for name in ("identity_small", "downsample_small"):
        spec = SPECS[name]
        m = models.get(name)
        got = (tuple(m.outputs[0].shape), m.count_params())
        want = (
            output_shape(spec),
            param_count(spec.tensor_inputs[-1], _filters(spec), _downsample(spec)),
        )
        if got != want:
            wrong.append((spec, want, got))
    if wrong:
        spec, want, got = wrong[0]
        raise Fail(
            f"`{_call(spec)}` on a {model.shape_text((None, *spec.tensor_inputs))} input: "
            f"output {model.shape_text(want[0])} and {model.count(want[1])} parameters.",
            f"Output {model.shape_text(got[0])} and {model.count(got[1])} parameters.",
            model.shape_look(
                want[0],
                got[0],
                "Use the argument `filters` in every Conv2D in place of 128, and `downsample` "
                "to choose the block; take the input size from `x`, never from fixed numbers.",
                model.config_of(models.get(spec.name)),
            ),
        )
    return "filters and downsample honoured"


# --------------------------------------------------------------------------- wiring


@dataclasses.dataclass
class Block:
    """The end of a residual block, read from the config.

    Args:
        after: Calls between the sum and the block's output (should be none).
        add: The `Add` call, or `None` if there is no sum of two tensors.
        paths: The calls from `x` to each summed tensor (`None` for a tensor
            computed from several tensors), in the order of the sum.
    """

    after: list
    add: graph.Node | None
    paths: list


def block(models, build: str) -> Block:
    """The sum of the block `build` and the two paths that lead to it."""
    g = conv.core(graph.Graph.of(models.get(build)))
    ref, after = g.outputs[0], []
    while True:
        node = g.node(ref)
        if node.class_name == "Add" and len(node.inputs) == 2:
            return Block(after, node, [g.chain(r) for r in node.inputs])
        if node.class_name == "InputLayer" or len(node.inputs) != 1:
            return Block(after, None, [])
        linear = node.class_name == "Activation" and node.activation() == "linear"
        if node.class_name not in conv.NO_OPS and not linear:
            after.insert(0, node)
        ref = node.inputs[0]


def _ordinal(n: int) -> str:
    """`1` as `1st`."""
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _split(b: Block, build: Build) -> tuple[list, list]:
    """`(main, shortcut)` as lists of calls: the shortcut is the shorter path.

    With `downsample=True` a path that is exactly the projection is the
    shortcut whatever its length; with `downsample=False` a path that is
    `x` itself is.
    """
    first, second = b.paths
    if _downsample(build):
        for main, skip in ((first, second), (second, first)):
            if _signatures(conv.stages(skip)) == _projection(_filters(build)):
                return main, skip
    return (first, second) if len(first) >= len(second) else (second, first)


def _prefix(name: str) -> str:
    """Check-name prefix of a build: none for the identity block, `downsample_` otherwise."""
    return "" if name == "default" else f"{name}_"


def _adds_two(name: str) -> Check:
    """The block ends with the sum of two tensors."""

    def run(models):
        if block(models, name).add is None:
            raise Fail(
                f"`{_call(SPECS[name])}` ends with the sum of two tensors: the main path and "
                "the shortcut.",
                "No sum of two tensors at the end of the block.",
                "Finish the block with `layers.add([y, shortcut])` (or `y + shortcut`).",
            )
        return "a sum of two tensors"

    return Check(
        f"{_prefix(name)}adds_two_tensors",
        run,
        "hidden",
        (builds_name(name),),
        kind=Kind.WIRING,
        hint=1,
        build=name,
    )


def _output_is_sum(name: str) -> Check:
    """Nothing (no activation) follows the sum."""

    def run(models):
        b = block(models, name)
        if b.after:
            got = ", ".join(
                f"{n.class_name}({n.activation()})" if conv.is_activation(n) else n.class_name
                for n in b.after
            )
            raise Fail(
                f"`{_call(SPECS[name])}` returns the sum itself, with no layer after it.",
                f"After the sum: {got}.",
                "No activation after the sum: return the result of the sum as it is, as "
                "in the source text's residual blocks.",
            )
        return "the block returns the sum"

    return Check(
        f"{_prefix(name)}output_is_sum",
        run,
        "hidden",
        needs=(f"{_prefix(name)}adds_two_tensors",),
        kind=Kind.WIRING,
        hint=1,
        build=name,
    )


def _skip_source(name: str) -> Check:
    """The shortcut starts at `x` itself and shares no layer with the main path."""
    spec = SPECS[name]

    def run(models):
        b = block(models, name)
        if any(p is None for p in b.paths):
            raise Fail(
                "The two summed tensors are each a single path of layers from `x`.",
                "One of the summed tensors is computed from several tensors.",
                "Add exactly two tensors: the output of the main path and the shortcut.",
            )
        main, skip = _split(b, spec)
        main_names, skip_names = conv.chain_layers(main), conv.chain_layers(skip)
        shared = 0
        while shared < min(len(main), len(skip)) and main_names[shared] == skip_names[shared]:
            shared += 1
        identity = not _downsample(spec)
        want = (
            "The identity shortcut: `x` itself is added to the output of the convolutions."
            if identity
            else "The shortcut is a 1x1 convolution applied to `x` itself."
        )
        if shared:
            inner = conv.stages(main[:shared])
            what = inner[-1].text() if inner else main[shared - 1].class_name
            raise Fail(
                want,
                f"The shortcut starts at the output of the {_ordinal(shared)} layer of the "
                f"main path, `{what}` (layer `{main_names[shared - 1]}`), not at `x`.",
                "Skip from an inner tensor: keep a reference to the block's input and use it "
                "for the shortcut. That inner tensor has the shape of `x`, but the block must "
                "carry `x` itself past the convolutions.",
            )
        if set(main_names) & set(skip_names):
            layer = sorted(set(main_names) & set(skip_names))[0]
            raise Fail(
                want,
                f"The main path and the shortcut both go through the layer `{layer}`.",
                "The shortcut has its own layers (none in the identity block): do not reuse "
                "a layer of the main path.",
            )
        if identity and skip:
            raise Fail(
                want,
                f"The shortcut is `{conv.path_text(conv.stages(skip))}`.",
                "In the identity block (`downsample=False`) `x` already has `filters` "
                "channels: add `x` itself, with no layer on the shortcut.",
            )
        if not identity and not skip:
            raise Fail(
                want,
                "`x` is added without a projection.",
                "Use `layers.Conv2D(filters, 1, strides=2)(x)` as the shortcut.",
            )
        return "the shortcut starts at x"

    return Check(
        f"{_prefix(name)}skip_source",
        run,
        "hidden",
        needs=(f"{_prefix(name)}adds_two_tensors",),
        kind=Kind.WIRING,
        hint=1,
        build=name,
    )


def _conv3(f):
    """The `_signatures` entry of a 3x3 relu `same` convolution."""
    return ("Conv2D", f, (3, 3), (1, 1), "same", "relu", (1, 1), 1)


def _projection(f):
    """The `_signatures` of the shortcut of the downsampling block."""
    return [("Conv2D", f, (1, 1), (2, 2), ANY, "linear", (1, 1), 1)]


def _main(f, downsample):
    """The `_signatures` of the main path."""
    if downsample:
        return [_conv3(f), _conv3(f), ("MaxPooling2D", None, (2, 2), (2, 2), ANY, "", (1, 1), 1)]
    return [_conv3(f)] * 3


def _signatures(path: list[conv.Stage]) -> list[tuple]:
    """What must match the contract in each stage (paddings that change nothing are `ANY`)."""
    out = []
    for s in path:
        any_padding = s.is_pool or (s.is_conv and s.kernel == (1, 1))
        out.append(
            (
                s.kind,
                s.filters,
                s.kernel,
                s.strides,
                ANY if any_padding else s.padding,
                s.activation,
                s.dilation,
                s.groups,
            )
        )
    return out


def _main_path(name: str) -> Check:
    """The main path: the contract's convolutions (and pooling), relu, same padding."""
    spec = SPECS[name]

    def run(models):
        f, down = _filters(spec), _downsample(spec)
        main, _ = _split(block(models, name), spec)
        path = conv.stages(main)
        names = conv.chain_layers(main)
        if _signatures(path) == _main(f, down) and len(set(names)) == len(names):
            return "the convolutions" + (" and pooling" if down else "") + " of the exercise"
        want_text = (
            f"x -> Conv2D({f}, 3, relu) -> Conv2D({f}, 3, relu) -> MaxPooling2D(2, strides=2)"
            if down
            else f"x -> Conv2D({f}, 3, relu) -> Conv2D({f}, 3, relu) -> Conv2D({f}, 3, relu)"
        )
        kinds = [s.kind for s in path]
        if len(set(names)) < len(names):
            look = (
                "Shared weights: one Conv2D layer is called several times. Make a new "
                "`layers.Conv2D(...)` for each convolution of the block."
            )
        elif any(s.is_conv and s.activation != "relu" for s in path):
            look = (
                'Linear convolution: give every 3x3 Conv2D of the main path `activation="relu"` '
                "(the same parameters, but without relu the path is one linear map)."
            )
        elif "AveragePooling2D" in kinds and down:
            look = (
                "Average pooling in place of max pooling: use `layers.MaxPooling2D(2, strides=2)`."
            )
        elif any(s.is_conv and s.padding != "same" for s in path):
            look = 'Missing padding: give every 3x3 Conv2D `padding="same"`.'
        else:
            look = "Different layers: build the main path in the order of the exercise" + (
                ", with the pooling after the two convolutions." if down else "."
            )
        shown = f"Main path {conv.path_text(path)}."
        if len(set(names)) < len(names):
            shown += " Its layers: " + ", ".join(f"`{n}`" for n in names) + "."
        raise Fail(
            f'`{_call(spec)}`: main path {want_text}, each Conv2D with padding="same".',
            shown,
            look,
        )

    return Check(
        f"{_prefix(name)}main_path",
        run,
        "hidden",
        needs=(f"{_prefix(name)}skip_source",),
        kind=Kind.WIRING,
        build=name,
    )


def _projection_check(models):
    """Check: the downsampling shortcut is a linear 1x1 convolution of `x` with stride 2."""
    spec = SPECS["downsample"]
    f = _filters(spec)
    _, skip = _split(block(models, "downsample"), spec)
    path = conv.stages(skip)
    if _signatures(path) == _projection(f):
        return f"x -> Conv2D({f}, 1, strides=2)"
    if len(path) == 1 and path[0].is_conv and path[0].activation != "linear":
        look = (
            "Linear projection: the shortcut's 1x1 Conv2D has no activation (it only matches "
            "the shape of `x` to the main path's)."
        )
    elif any(s.is_pool for s in path):
        look = (
            "Strided projection, not pooling: the shortcut is one 1x1 Conv2D with "
            "`strides=2` on `x` (the same shapes and parameters as pooling then a 1x1 "
            "convolution, but another function)."
        )
    else:
        look = "Use `layers.Conv2D(filters, 1, strides=2)(x)` as the shortcut."
    raise Fail(
        f"`{_call(spec)}`: shortcut x -> Conv2D({f}, 1, strides=2), linear.",
        f"Shortcut {conv.path_text(path)}.",
        look,
    )


def _identity_at_zero_weights(models):
    """With every weight 0 the convolutions give 0 and the identity block returns `x`."""
    import numpy as np

    m = models.get("default")
    saved = m.get_weights()
    x = np.random.default_rng(0).normal(size=(2, 32, 32, 128)).astype("float32")
    try:
        m.set_weights([np.zeros_like(w) for w in saved])
        y = np.asarray(m.predict(x, verbose=0))
    finally:
        m.set_weights(saved)
    error = float(np.max(np.abs(y - x)))
    if error > 1e-5:
        raise Fail(
            "With every weight set to 0 the convolutions output 0, and the identity block "
            "returns `x` unchanged (0 + x).",
            f"Outputs that differ from `x` by up to {error:.3g}.",
            "Add `x` itself to the output of the convolutions and return the sum with no "
            "activation after it.",
        )
    return "returns x when its weights are 0"


CHECKS = [
    _builds(SPECS["default"], "visible"),
    _shape_and_params(SPECS["default"], "shape"),
    _shape_and_params(SPECS["default"], "params"),
    _builds(SPECS["downsample"], "visible"),
    _shape_and_params(SPECS["downsample"], "shape"),
    _shape_and_params(SPECS["downsample"], "params"),
    _builds(SPECS["identity_small"], "hidden"),
    _builds(SPECS["downsample_small"], "hidden"),
    Check(
        "arguments_used",
        _arguments_used,
        "hidden",
        needs=(
            "output_shape",
            "param_count",
            "downsample_output_shape",
            "downsample_param_count",
            "builds_identity_small",
            "builds_downsample_small",
        ),
        kind=Kind.ARGUMENTS,
        build="identity_small",
    ),
    _adds_two("default"),
    _skip_source("default"),
    _output_is_sum("default"),
    _main_path("default"),
    Check(
        "identity_at_zero_weights",
        _identity_at_zero_weights,
        "hidden",
        needs=("output_shape",),
        kind=Kind.OUTPUT,
        hint=1,
    ),
    _adds_two("downsample"),
    _skip_source("downsample"),
    _output_is_sum("downsample"),
    _main_path("downsample"),
    Check(
        "projection",
        _projection_check,
        "hidden",
        needs=("downsample_skip_source",),
        kind=Kind.WIRING,
        hint=3,
        build="downsample",
    ),
]


EXERCISE = Exercise(
    id="residual_block",
    function="residual_block",
    signature="residual_block(x, filters=128, downsample=False)",
    summary=(
        "Three 3x3 relu convs plus `x` itself; with `downsample=True` two convs and 2x2 max "
        "pooling plus a 1x1 stride-2 projection of `x`. No activation after the sum."
    ),
    builds=BUILDS,
    hints=(
        (
            "Keep `x` for the shortcut: build the main path `y` from `x`, then `return "
            "layers.add([y, shortcut])`, where the shortcut starts at `x` itself, not at an "
            "inner tensor. Nothing comes after the add (no activation)."
        ),
        (
            'The main path: three `Conv2D(filters, 3, activation="relu", padding="same")`, '
            "which keep the shape of `x`, so `x` itself is the shortcut; with "
            "`downsample=True`, two of them and then `layers.MaxPooling2D(2, strides=2)`."
        ),
        (
            "With `downsample=True` the pooled main path is half the size of `x`: the shortcut "
            "is a linear projection, `shortcut = layers.Conv2D(filters, 1, strides=2)(x)` (no "
            "activation), which has the same shape."
        ),
    ),
    checks=tuple(CHECKS),
)
