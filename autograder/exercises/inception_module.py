"""`inception_module`: the four-branch Inception module of the source.

The learner's `inception_module(x, filters=128)` takes a tensor and returns
one; the build process calls it on `x = keras.Input(shape, name="x")` and
saves `keras.Model(x, result)`. The checks read the four branches from the
model's config and compare them with the contract, in any order: the
contract lists the branches but, unlike the `[text, question]` or `[left,
right]` merges, fixes no order for their concatenation (see `EXERCISES.md`,
"Order matters where Keras uses positions"), and any order of the four
branches makes the same module up to a permutation of its output channels,
which the layer after it absorbs in its weights.

Where each stride sits is part of the contract: `1x1 -> 3x3 stride 2` and
`1x1 stride 2 -> 3x3` have the same shapes and parameters but compute
different things (a stride-2 layer keeps every other pixel of its input, so
what follows sees another map), so a moved stride fails with a message that
names it. `padding="valid"` passes on the 1x1 convolutions, where it gives
exactly the result of `"same"` on every input size.
"""

from __future__ import annotations

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind, builds_name
from autograder.exercise import Build, Exercise
from autograder.exercises import _convnets as conv

DEFAULT_SHAPE = (32, 32, 64)
DEFAULT_FILTERS = 128
OTHER_SHAPE = (10, 14, 6)  # not square: a wrong axis or a swapped size shows
OTHER = {"filters": 8}
ANY = "any"  # the padding of a 1x1 convolution: "same" and "valid" agree

BRANCH_NAMES = (
    "1x1 stride 2",
    "1x1 -> 3x3 stride 2",
    "3x3 average pool stride 2 -> 3x3",
    "1x1 -> 3x3 -> 3x3 stride 2",
)


def param_count(channels: int = 64, filters: int = 128) -> int:
    """Parameters of the module on `channels` input channels.

    Four 1x1 convolutions would be `4 * channels * filters`, but branch c's
    3x3 convolution reads `x` (through the pooling) and the others read
    `filters` channels: `12 c f` (1x1 on x three times, 3x3 on pooled x),
    `27 f^2` (three 3x3 on `filters` channels) and `7 f` biases.
    """
    return 12 * channels * filters + 27 * filters * filters + 7 * filters


def output_shape(shape: tuple, filters: int) -> tuple:
    """`(None, ceil(h / 2), ceil(w / 2), 4 * filters)`."""
    h, w = shape[0], shape[1]
    return (None, -(-h // 2), -(-w // 2), 4 * filters)


def erratum_heights(h: int) -> list[int]:
    """Map heights of the four branches without `padding="same"` (16/15/13/14 on 32)."""
    return [(h - 1) // 2 + 1, (h - 3) // 2 + 1, (h - 3) // 2 + 1 - 2, (h - 5) // 2 + 1]


def _conv(filters, kernel, stride, padding="same"):
    """A convolution's `signature` (1x1 kernels take any padding)."""
    padding = ANY if kernel == 1 else padding
    return ("Conv2D", filters, (kernel, kernel), (stride, stride), padding, (1, 1), 1)


def expected_branches(filters: int) -> list[list[tuple]]:
    """The four branches as `signature` lists, in the order of the source."""
    f = filters
    return [
        [_conv(f, 1, 2)],
        [_conv(f, 1, 1), _conv(f, 3, 2)],
        [("AveragePooling2D", None, (3, 3), (2, 2), "same", (1, 1), 1), _conv(f, 3, 1)],
        [_conv(f, 1, 1), _conv(f, 3, 1), _conv(f, 3, 2)],
    ]


def expected_text(filters: int) -> list[str]:
    """The four branches as a learner writes them."""
    f = filters
    return [
        f"x -> Conv2D({f}, 1, strides=2)",
        f"x -> Conv2D({f}, 1) -> Conv2D({f}, 3, strides=2)",
        f"x -> AveragePooling2D(3, strides=2) -> Conv2D({f}, 3)",
        f"x -> Conv2D({f}, 1) -> Conv2D({f}, 3) -> Conv2D({f}, 3, strides=2)",
    ]


def signature(stage: conv.Stage) -> tuple:
    """What must match the contract in one stage (the activation is checked apart)."""
    padding = ANY if stage.is_conv and stage.kernel == (1, 1) else stage.padding
    return (
        stage.kind,
        stage.filters,
        stage.kernel,
        stage.strides,
        padding,
        stage.dilation,
        stage.groups,
    )


def _skeleton(signatures: list[tuple]) -> tuple:
    """A branch without strides, paddings, filters or pooling kind: what a slip keeps."""
    return tuple(("pool" if s[0] in conv.POOLS else s[0], s[2]) for s in signatures)


# --------------------------------------------------------------------------- builds


def _call(build: Build) -> str:
    """The call the build makes, as the learner would write it."""
    args = ["x"] + [f"{k}={v!r}" for k, v in build.kwargs.items()]
    return f"inception_module({', '.join(args)})"


def _build_hint(build: Build, received: str) -> str:
    """What to do when the build failed; names the source's erratum if that is it."""
    matching = (
        "requires inputs with matching shapes" in received
        or "must have the same shape except on the `axis` dim" in received
    )
    if not matching:
        return ""
    h = build.tensor_inputs[0]
    heights = [s[0] for s in conv.shapes_in(received)]
    erratum = erratum_heights(h)
    if sorted(heights) == sorted(erratum):
        a, b, c, d = erratum
        return (
            f"These {a}/{b}/{c}/{d}-pixel maps are the source text's erratum: its layers "
            f'have no `padding="same"`. On a {h}-pixel input a 1x1 conv with stride 2 gives '
            f"{a} pixels, a 3x3 conv with stride 2 gives {b}, 3x3 pooling with stride 2 then "
            f"a 3x3 conv give {c}, two 3x3 convs (the second with stride 2) give {d}, and "
            "`concatenate` needs maps of the same height and width. Add "
            '`padding="same"` to every Conv2D and to the AveragePooling2D: then every '
            f"branch halves {h} to {-(-h // 2)}."
        )
    a, b, c, d = erratum
    return (
        f"Received heights {', '.join(map(str, heights))}: the four branches must give maps "
        "of the same height and width before they are concatenated. Give every layer "
        '`padding="same"` and put exactly one stride 2 in each branch, where the contract '
        f'puts it. (Without `padding="same"` anywhere, the source text\'s erratum, the '
        f"branches give {a}/{b}/{c}/{d}-pixel maps on a {h}-pixel input.)"
    )


def _builds(build: Build, group: str) -> Check:
    """The learner's function returns a tensor for `build` (erratum named if so)."""

    def run(models):
        try:
            models.get(build.name)
        except Fail as fail:
            hint = _build_hint(build, fail.received)
            raise Fail(
                f"`{_call(build)}` returns a tensor built from `x`.",
                fail.received,
                hint or fail.message,
            ) from None
        return "a tensor built from x"

    # The build fails mostly on maps that cannot be concatenated: the padding hint.
    return Check(builds_name(build.name), run, group, kind=Kind.BUILD, build=build.name, hint=3)


# --------------------------------------------------------------------------- shapes


def _output_shape(models):
    """Check: `(None, 16, 16, 512)` on the default `(32, 32, 64)` input; names a wrong axis."""
    got = tuple(models.get("default").outputs[0].shape)
    want = output_shape(DEFAULT_SHAPE, DEFAULT_FILTERS)
    if got == want:
        return model.shape_text(got)
    look = "Compare the output shape of each branch with `keras.Model(x, branch).output.shape`."
    if len(got) != len(want):
        look = model.rank_look([("Your output", want, got)], model.config_of(models.get("default")))
    elif len(got) == 4 and got[-1] != want[-1] and 4 * want[1] in got[1:3]:
        look = (
            "Look at the `axis` of your concatenation: the branches are stacked on the "
            "channel axis, the last one (`axis=-1`), so that the height and width stay 16."
        )
    elif len(got) == 4 and got[1:3] != want[1:3]:
        look = (
            "Every branch halves the 32-pixel input to 16: one stride-2 layer per branch "
            'and `padding="same"` on every layer.'
        )
    elif len(got) == 4:
        look = (
            "Four branches of `filters` channels each make 4 x 128 = 512 channels: check "
            "the `filters` of the last layer of each branch and that all four branches "
            "are concatenated."
        )
    raise Fail(
        f"Output shape {model.shape_text(want)}.", f"Output shape {model.shape_text(got)}.", look
    )


def _params(models):
    """Check: 541,568 parameters with the defaults."""
    got, want = models.get("default").count_params(), param_count()
    if got != want:
        raise Fail(
            f"{model.count(want)} parameters.",
            f"{model.count(got)} parameters.",
            "Seven Conv2D layers, all with `filters` filters: 1x1 ones on x, 3x3 ones on "
            "the pooled x and on the 1x1 outputs; the pooling has no weights. Compare "
            "`keras.Model(x, y).summary()` with the branches of the exercise.",
        )
    return f"{model.count(got)} parameters"


def _other_sizes(models):
    """Check: `filters` and the input size are honoured on a non-square input."""
    m = models.get("other_sizes")
    got_out, got = tuple(m.outputs[0].shape), m.count_params()
    want_out = output_shape(OTHER_SHAPE, OTHER["filters"])
    want = param_count(OTHER_SHAPE[-1], OTHER["filters"])
    if (got_out, got) != (want_out, want):
        raise Fail(
            f"On a {model.shape_text((None, *OTHER_SHAPE))} input with filters=8: output "
            f"{model.shape_text(want_out)} and {model.count(want)} parameters.",
            f"Output {model.shape_text(got_out)} and {model.count(got)} parameters.",
            model.shape_look(
                want_out,
                got_out,
                "Use the argument `filters` in every Conv2D in place of 128, and take the "
                "input size from `x`, never from fixed numbers.",
                model.config_of(m),
            ),
        )
    return f"output {model.shape_text(got_out)}, {model.count(got)} parameters"


# --------------------------------------------------------------------------- wiring


def _is_relu(node: graph.Node) -> bool:
    """Whether the call is a relu activation."""
    return conv.is_activation(node) and node.activation() == "relu"


def _axis(node: graph.Node) -> int | None:
    """The concatenation axis, `-1` for the channel axis of a 4D tensor."""
    axis = node.config.get("axis", -1)
    return -1 if axis in (-1, 3) else axis


def branches(models, build: str = "default"):
    """The four branches of the module as `Stage` lists.

    Returns:
        `(paths, relu_after)`: one `Stage` list per concatenated tensor, in
        the learner's order, and whether a relu follows the concatenation
        (relu after the concatenation is relu at the end of every branch).

    Raises:
        Fail: if the result is not a channel-axis concatenation of single
            paths that each start at `x` and share no layer.
    """
    g = conv.core(graph.Graph.of(models.get(build)))
    ref = g.outputs[0]
    node = g.node(ref)
    relu_after = False
    while len(node.inputs) == 1 and (
        node.class_name in conv.NO_OPS
        or (node.class_name == "Activation" and node.activation() == "linear")
        or _is_relu(node)
    ):
        relu_after = relu_after or _is_relu(node)
        ref = node.inputs[0]
        node = g.node(ref)
    want = "The concatenation of four branches, each computed from `x`, on the channel axis."
    if node.class_name != "Concatenate":
        raise Fail(
            want,
            f"The result comes from `{node.class_name}`.",
            "Return `layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)`.",
        )
    axis = _axis(node)
    if axis != -1:
        raise Fail(
            want,
            f"A concatenation on axis {node.config.get('axis')}.",
            "The channels are the last axis of a `(batch, height, width, channels)` "
            "tensor: concatenate with `axis=-1`.",
        )
    refs, todo = [], list(node.inputs)
    while todo:  # concatenate([concatenate([a, b]), ...]) is the same concatenation
        current = todo.pop(0)
        inner = g.node(current)
        if inner.class_name == "Concatenate" and _axis(inner) == -1:
            todo[:0] = list(inner.inputs)
        else:
            refs.append(current)
    if len(refs) != 4:
        raise Fail(
            want,
            f"A concatenation of {len(refs)} tensors.",
            "Concatenate the four branches a, b, c and d.",
        )
    paths, owners = [], {}
    for index, branch_ref in enumerate(refs):
        chain = g.chain(branch_ref)
        if chain is None:
            raise Fail(
                want,
                f"Concatenated tensor {index + 1} is computed from several tensors "
                "(its branch merges others).",
                "Each branch is a single path of layers whose first layer is called on `x`.",
            )
        for layer in conv.chain_layers(chain):
            if layer in owners and owners[layer] != index:
                raise Fail(
                    want,
                    f"Concatenated tensors {owners[layer] + 1} and {index + 1} both go through "
                    f"the layer `{layer}`.",
                    "Each branch starts at `x` with its own first layer: call a new layer on "
                    "`x` for each branch instead of building on another branch's output or "
                    "reusing its layers.",
                )
            owners[layer] = index
        paths.append(conv.stages(chain))
    return paths, relu_after


def _branches_from_x(models):
    """Check: a channel-axis concatenation of four single paths from `x`."""
    paths, _ = branches(models)
    return f"{len(paths)} branches from x, concatenated on the last axis"


def _diagnose(got: list[conv.Stage], want: list[tuple], text: str) -> str:
    """Next step for a branch that looks like `want` but is not it."""
    sig = [signature(s) for s in got]
    kinds = [s[0] for s in sig]
    want_kinds = [w[0] for w in want]
    if "MaxPooling2D" in kinds and "AveragePooling2D" in want_kinds:
        return (
            f"Max pooling in place of average pooling: your branch "
            f"`{conv.path_text(got, False)}` is the contract's `{text}`, which uses "
            "`AveragePooling2D(3, strides=2)`."
        )
    strides_got = [s[3] for s in sig]
    strides_want = [w[3] for w in want]
    rest_got = [s[:3] + s[4:] for s in sig]
    rest_want = [w[:3] + w[4:] for w in want]
    if strides_got != strides_want and rest_got == rest_want:
        at = next(i for i, w in enumerate(strides_want) if w != (1, 1))
        return (
            f"Misplaced stride: in the branch `{text}` the stride 2 belongs to layer "
            f"{at + 1}, where the contract puts it; yours is "
            f"`{conv.path_text(got, False)}`. Moving the stride keeps the output shape "
            "and the parameter count but computes something else: a stride-2 layer keeps "
            "every other pixel of its input, so the layers after it see a coarser map."
        )
    if any(g[4] not in ("same", ANY) for g in sig):
        return (
            f'Missing padding: give every 3x3 layer of the branch `{text}` `padding="same"`; '
            f"yours is `{conv.path_text(got, False, padding=True)}`."
        )
    filters = {s.filters for s in got if s.is_conv}
    wanted = {w[1] for w in want if w[0] == "Conv2D"}
    if filters != wanted and len(got) == len(want):
        return f"Wrong number of filters: every Conv2D has `filters` filters, as in `{text}`."
    return f"Different layers: your branch `{conv.path_text(got, False)}` should be `{text}`."


def _branch_layers(models):
    """Check: the four branches of the contract, in any order; names a moved stride."""
    paths, _ = branches(models)
    wants = expected_branches(DEFAULT_FILTERS)
    texts = expected_text(DEFAULT_FILTERS)
    free = list(range(4))
    unmatched = []
    for path in paths:
        sig = [signature(s) for s in path]
        hit = next((i for i in free if wants[i] == sig), None)
        if hit is None:
            unmatched.append(path)
        else:
            free.remove(hit)
    if not unmatched:
        return "the four branches of the contract"
    path = unmatched[0]
    skeleton = _skeleton([signature(s) for s in path])
    target = next((i for i in free if _skeleton(wants[i]) == skeleton), free[0])
    raise Fail(
        "Four branches from x (concatenated in any order):\n" + "\n".join(texts),
        "Your branches:\n" + "\n".join(conv.path_text(p, False) for p in paths),
        _diagnose(path, wants[target], texts[target])
        + " (Branch order in the concatenation is free; the layers of each branch are not.)",
    )


def _relu_activations(models):
    """Check: every convolution has relu (one after the concatenation counts for the last)."""
    paths, relu_after = branches(models)
    wrong = []
    for path in paths:
        for position, stage in enumerate(path):
            last = position == len(path) - 1
            if stage.is_conv and stage.activation != "relu":
                if not (last and relu_after and stage.activation == "linear"):
                    wrong.append(conv.path_text(path))
                    break
    if wrong:
        raise Fail(
            'Every Conv2D of the module with `activation="relu"`.',
            "Branches with a convolution without relu:\n" + "\n".join(wrong),
            'Pass `activation="relu"` to each Conv2D (a separate `layers.ReLU()` after it '
            "also works). Without it the module is linear: the same parameters, but a "
            "different function.",
        )
    return "relu after every convolution"


BUILDS = (
    Build("default", tensor_inputs=DEFAULT_SHAPE),
    Build("other_sizes", kwargs=OTHER, tensor_inputs=OTHER_SHAPE),
)

CHECKS = [
    _builds(BUILDS[0], "visible"),
    Check("output_shape", _output_shape, "visible", needs=("builds",), kind=Kind.SHAPE),
    Check("param_count", _params, "visible", needs=("builds",), kind=Kind.PARAMETERS),
    _builds(BUILDS[1], "hidden"),
    Check(
        "arguments_used",
        _other_sizes,
        "hidden",
        needs=("output_shape", "param_count", "builds_other_sizes"),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check(
        "branches_from_x", _branches_from_x, "hidden", needs=("builds",), kind=Kind.WIRING, hint=1
    ),
    Check("branch_layers", _branch_layers, "hidden", needs=("branches_from_x",), kind=Kind.WIRING),
    Check(
        "relu_activations",
        _relu_activations,
        "hidden",
        needs=("branches_from_x",),
        kind=Kind.OUTPUT,
        hint=2,
    ),
]


EXERCISE = Exercise(
    id="inception_module",
    function="inception_module",
    signature="inception_module(x, filters=128)",
    summary=(
        "Four branches from `x` (1x1 stride 2; 1x1 -> 3x3 stride 2; 3x3 average pool "
        "stride 2 -> 3x3; 1x1 -> 3x3 -> 3x3 stride 2), relu, same padding, concatenated "
        "on the channel axis."
    ),
    builds=BUILDS,
    hints=(
        (
            "A module is a function of a tensor: call a first layer on `x` for each of the four "
            "branches (all four start from `x`), and return the four branch outputs "
            "concatenated on the channel axis, `layers.concatenate([...], axis=-1)` (a tensor, "
            "not a `keras.Model`)."
        ),
        (
            "Each branch halves the map exactly once, with `strides=2` where the exercise puts "
            "it: a: 1x1; b: 1x1 -> 3x3 stride 2; c: AveragePooling2D(3, strides=2) -> 3x3; d: "
            "1x1 -> 3x3 -> 3x3 stride 2. Every Conv2D has `filters` filters and "
            '`activation="relu"`.'
        ),
        (
            'The maps line up only with `padding="same"` on every 3x3 layer and on the pooling: '
            "without it (the source text's erratum) a 32-pixel input gives 16/15/13/14-pixel "
            "maps that cannot be concatenated. For example `layers.AveragePooling2D(3, "
            'strides=2, padding="same")(x)`.'
        ),
    ),
    checks=tuple(CHECKS),
)
