"""`small_resnet`: a design task, any small residual network that meets the contract.

`build_small_resnet(input_shape=(8, 8, 1), num_classes=10)` may be built in
any way; the checks read only what the contract asks for. The wiring is read
from the model's config with every nested model opened up
(`graph.FlatGraph`), so blocks written as nested functional models, sums
written as `layers.Add()`, `layers.add`, `y + x` or `keras.ops.add`, and
activations as layers or `keras.ops` all count. A *residual connection* is
an add of a tensor `T`, or of a 1x1 `Conv2D` of `T` (with or without
`BatchNormalization` after it), and of a tensor computed from `T` through at
least two `Conv2D` layers (`graph.residuals`); a *downsampling* one has a
stride-2 projection. The judge trains a fresh copy of the model itself
(seeded, the contract's recipe) on scikit-learn's digits as 8x8x1 images.
"""

from __future__ import annotations

from autograder.checks import graph, model, training
from autograder.checks.framework import Check, Fail, Kind, builds_name
from autograder.exercise import Build, Exercise
from autograder.exercises import _convnets as conv

INPUT_SHAPE = (8, 8, 1)
NUM_CLASSES = 10
OTHER = {"input_shape": (16, 16, 3), "num_classes": 4}
MAX_PARAMS = 60_000
#: Over judge seeds 0-19 the reference (19,562 parameters) measured 0.911-0.967
#: (median 0.949) on this split; BatchNormalization at momentum 0.99, 0.34-0.48.
MIN_ACCURACY = 0.85
LEARNING_RATE = 3e-3
EPOCHS = 15
BATCH_SIZE = 64
#: A `BatchNormalization` momentum at or above this does not settle in the
#: 345 steps of the recipe (Keras's default is 0.99; 0.9 settles).
SLOW_MOMENTUM = 0.95

BUILDS = (Build("default"), Build("other_sizes", kwargs=OTHER))
ACTIVATIONS = {"Activation", *graph.ACTIVATION_LAYERS, *graph.ACTIVATION_OPS}
#: Calls allowed between the global pooling and the output: the classifier,
#: hidden Dense layers, activations, and a `Flatten` after pooling with `keepdims`.
HEAD = {"Dense", "Flatten", "Reshape", *ACTIVATIONS, *graph.PASS_THROUGH}
NOT_AVERAGES = {
    "Flatten": (
        "`Flatten` keeps every position: the classifier then reads height x width x "
        "channels numbers and depends on where a stroke is. Global average pooling "
        "averages each channel over the height and width, one number per channel: "
        "`layers.GlobalAveragePooling2D()(x)` in place of `Flatten`."
    ),
    "GlobalMaxPooling2D": (
        "Global max pooling keeps each channel's largest value, not its average: "
        "use `layers.GlobalAveragePooling2D()` (or `keras.ops.mean(x, axis=(1, 2))`)."
    ),
}


def _call(kwargs: dict) -> str:
    return f"build_small_resnet({model.kwargs_text(kwargs)})"


# --------------------------------------------------------------------------- builds


def _build_look(received: str) -> str:
    """The next step when Keras could not add two tensors of different shapes."""
    if "incompatible shapes" not in received and "Cannot broadcast shape" not in received:
        return ""
    shapes = conv.shapes3_in(received) or conv.shapes_in(received)
    if len(shapes) != 2:
        return ""
    (h1, w1, c1), (h2, w2, c2) = shapes
    seen = f"An add of shapes {shapes[0]} and {shapes[1]}: "
    if (h1, w1) == (h2, w2):
        return (
            seen + f"the channels differ ({c1} and {c2}). Where a block changes the number of "
            "filters, its shortcut is a projection: `layers.Conv2D(filters, 1)(T)` of the "
            "block's input `T`, with no activation."
        )
    if max(h1, h2) == 2 * min(h1, h2) or max(w1, w2) == 2 * min(w1, w2):
        return (
            seen + "the main path halved the height and width and the shortcut did not. A "
            "block that downsamples needs a projection shortcut: "
            "`layers.Conv2D(filters, 1, strides=2)(T)` of the block's input `T` (Lesson 4)."
        )
    return (
        seen + "the two paths halve an odd size differently (pooling rounds down, a "
        "stride-2 convolution rounds up). Downsample the main path with a stride-2 "
        '`Conv2D(..., padding="same")` like the shortcut, or downsample only even sizes.'
    )


def _builds(build: str, group: str) -> Check:
    """The learner's function returns a model for `build`."""
    inner = model.builds(build, group)

    def run(models):
        try:
            return inner.run(models)
        except Fail as fail:
            look = _build_look(fail.received)
            if not look:
                raise
            raise Fail(fail.expected, fail.received, look) from None

    return Check(inner.name, run, group, kind=Kind.BUILD, build=build)


# --------------------------------------------------------------------------- size


def _param_budget(models):
    m = models.get("default")
    got = m.count_params()
    if got > MAX_PARAMS:
        largest = sorted(m.layers, key=lambda layer: layer.count_params(), reverse=True)[:2]
        where = ", ".join(
            f"`{layer.name}` {model.count(layer.count_params())}" for layer in largest
        )
        raise Fail(
            f"At most {model.count(MAX_PARAMS)} parameters with the defaults "
            "(`model.count_params()`, batch-norm statistics included).",
            f"{model.count(got)} parameters; the largest layers: {where}.",
            "A 3x3 Conv2D from c to f channels has 9 c f + f parameters: use fewer "
            "filters (16 and 32 are plenty for 8x8 digits), and no `Flatten` before a "
            "Dense layer (global average pooling leaves one number per channel).",
        )
    return f"{model.count(got)} parameters"


# --------------------------------------------------------------------------- wiring


def _reading(r: graph.Residual) -> str:
    """One add as the checks read it, for messages."""
    if not r.shortcut:
        shortcut = "identity shortcut"
    else:
        bn = " and BatchNormalization" if len(r.shortcut) > 1 else ""
        shortcut = f"1x1 projection with strides {r.strides}{bn}"
    main = (
        "the other summand is not computed from it"
        if r.convs is None
        else f"{r.convs} Conv2D on the main path"
    )
    return f"`{r.add.layer}` ({shortcut} from `{r.start}`, {main})"


def _residuals(models) -> list[graph.Residual]:
    return graph.residuals(graph.FlatGraph.of(models.get("default")))


def _residual_connections(models):
    found = _residuals(models)
    good = [r for r in found if r.is_residual]
    if len(good) >= 2:
        return f"{len(good)} residual connections: " + ", ".join(_reading(r) for r in good)
    misses = [r for r in found if not r.is_residual]
    if not found:
        received = "No add of two tensors: a plain stack of layers, with no skip connection."
        look = (
            "Write a block that keeps its input `T`, runs two Conv2D layers on it and returns "
            "`layers.add([y, T])`, and use such blocks at least twice (Lesson 4)."
        )
    elif any(r.convs == 1 for r in misses):
        received = (
            f"{len(good)} residual connection(s). Adds that are not: "
            + ", ".join(_reading(r) for r in misses)
            + "."
        )
        look = (
            "A skip from an inner tensor: the shortcut must skip at least two Conv2D layers. "
            "Keep a reference to the block's input before its first convolution and add "
            "that tensor (or its 1x1 projection) to the block's output."
        )
    else:
        received = f"{len(good)} residual connection(s)" + (
            ". Adds that are not: " + ", ".join(_reading(r) for r in misses) + "."
            if misses
            else f": {_reading(good[0])}."
        )
        look = (
            "Use at least two residual blocks, each adding its input `T` (or a 1x1 Conv2D "
            "of `T`) to two or more Conv2D layers computed from `T`."
        )
    raise Fail(
        "At least two residual connections: each adds a tensor T (or a 1x1 Conv2D of T) to "
        "a tensor computed from T through at least two Conv2D layers.",
        received,
        look,
    )


def _downsampling(models):
    good = [r for r in _residuals(models) if r.is_residual]
    down = [r for r in good if r.downsamples]
    if down:
        return "downsampling: " + ", ".join(_reading(r) for r in down)
    raise Fail(
        "At least one downsampling residual connection: its shortcut is a 1x1 Conv2D with "
        "strides=2 of the block's input T (a projection shortcut).",
        "Residual connections: " + (", ".join(_reading(r) for r in good) or "none") + ".",
        "Halve the height and width inside a block: a Conv2D with `strides=2` on the main "
        "path, and `layers.Conv2D(filters, 1, strides=2)(T)` as its shortcut. Pooling "
        "between blocks downsamples too, but it is not a residual connection.",
    )


def _is_global_average(node: graph.Node) -> bool:
    """`GlobalAveragePooling2D`, or `keras.ops.mean` over the height and width."""
    if node.class_name == "GlobalAveragePooling2D":
        return True
    if node.class_name != "Mean":
        return False
    axis = node.config.get("axis")
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return axis is not None and {int(a) % 4 for a in axes} == {1, 2}


def _global_average_pooling(models):
    flat = graph.FlatGraph.of(models.get("default"))
    tensor, head = flat.outputs[0], []
    while True:
        node = flat.producer(tensor)
        if _is_global_average(node):
            if any(n.class_name == "Dense" for n in head):
                shown = " -> ".join(graph.describe(n) for n in reversed(head))
                return f"{node.class_name} -> {shown}"
            found = "no Dense layer after it"
            break
        head.append(node)
        before = flat.back(tensor)
        if node.class_name not in HEAD or before is None:
            found = " <- ".join(graph.describe(n) for n in head)
            break
        tensor = before
    kinds = [n.class_name for n in head]
    look = next((text for kind, text in NOT_AVERAGES.items() if kind in kinds), "")
    if not look and head and head[-1].class_name == "Mean":
        look = (
            f"`keras.ops.mean` over axis {head[-1].config.get('axis')}: average over the "
            "height and width only, `keras.ops.mean(x, axis=(1, 2))` (axis 0 is the batch, "
            "axis 3 the channels)."
        )
    raise Fail(
        "Global average pooling (`GlobalAveragePooling2D`, or `keras.ops.mean` over the "
        "height and width) before the Dense classifier; a hidden Dense between them is "
        "allowed.",
        f"From the output back: {found}.",
        look
        or "End the network with `layers.GlobalAveragePooling2D()(x)` and then "
        '`layers.Dense(num_classes, activation="softmax")`.',
    )


# --------------------------------------------------------------------------- behaviour


def _arguments_used(models):
    m = models.get("other_sizes")
    got_in, got_out = tuple(m.inputs[0].shape), tuple(m.outputs[0].shape)
    want_in = (None, *OTHER["input_shape"])
    want_out = (None, OTHER["num_classes"])
    if (got_in, got_out) != (want_in, want_out):
        raise Fail(
            f"`{_call(OTHER)}`: input {model.shape_text(want_in)}, output "
            f"{model.shape_text(want_out)}.",
            f"Input {model.shape_text(got_in)}, output {model.shape_text(got_out)}.",
            model.input_rank_look([want_in], [got_in])
            or model.rank_look([("Your output", want_out, got_out)], model.config_of(m))
            or "Use the arguments: `keras.Input(shape=input_shape)` and "
            "`layers.Dense(num_classes, ...)`, in place of (8, 8, 1) and 10.",
        )
    return f"input {model.shape_text(got_in)}, output {model.shape_text(got_out)}"


def _slow_batch_norms(m) -> list[graph.Node]:
    """The `BatchNormalization` calls whose momentum is too slow for the recipe."""
    flat = graph.FlatGraph.of(m)
    return [
        n
        for n in flat.calls.values()
        if n.class_name == "BatchNormalization"
        and float(n.config.get("momentum", 0.99)) >= SLOW_MOMENTUM
    ]


def _learns_digits(models):
    m = models.get("default")
    accuracy = training.validation_accuracy(
        m, training.digit_images(), LEARNING_RATE, EPOCHS, BATCH_SIZE
    )
    if accuracy >= MIN_ACCURACY:
        return f"validation accuracy {accuracy:.3f}"
    slow = _slow_batch_norms(m)
    if slow:
        momenta = sorted({float(n.config.get("momentum", 0.99)) for n in slow})
        look = (
            f"BatchNormalization with momentum {', '.join(map(str, momenta))} in {len(slow)} "
            "layer(s) (Keras's default is 0.99): at validation the model uses the moving "
            "mean and variance, and at that momentum they do not settle in 345 training "
            "steps, so validation stays near chance while training goes well. Use "
            "`layers.BatchNormalization(momentum=0.9)`, or leave BatchNormalization out."
        )
    else:
        look = (
            "The reference (19,562 parameters) reaches 0.91-0.97. Look for a layer that "
            "blocks learning: relu after the convolutions, no activation on the classifier "
            "but softmax, downsampling that leaves too few pixels, a very narrow layer."
        )
    raise Fail(
        f"Validation accuracy >= {MIN_ACCURACY:.2f} on scikit-learn digits (8x8x1) after "
        f"{EPOCHS} epochs: Adam {LEARNING_RATE:g}, batch {BATCH_SIZE}, fresh seeded weights.",
        f"Validation accuracy {accuracy:.3f}.",
        look,
    )


CHECKS = [
    _builds("default", "visible"),
    model.functional(),
    model.inputs([(None, *INPUT_SHAPE)]),
    model.outputs([(None, NUM_CLASSES)], look="The last Dense layer needs `num_classes` units."),
    Check("param_budget", _param_budget, "visible", ("builds",), kind=Kind.PARAMETERS),
    Check(
        "residual_connections",
        _residual_connections,
        "visible",
        ("functional_model",),
        kind=Kind.WIRING,
    ),
    Check(
        "downsampling_residual",
        _downsampling,
        "visible",
        ("functional_model",),
        kind=Kind.WIRING,
    ),
    Check(
        "global_average_pooling",
        _global_average_pooling,
        "visible",
        ("functional_model",),
        kind=Kind.WIRING,
    ),
    model.softmax_output(
        INPUT_SHAPE,
        'Give the last Dense layer `activation="softmax"` (a sigmoid scores each class on '
        "its own: its rows do not sum to 1).",
        group="visible",
    ),
    _builds("other_sizes", "hidden"),
    Check(
        "arguments_used",
        _arguments_used,
        "hidden",
        (builds_name("other_sizes"),),
        kind=Kind.ARGUMENTS,
        build="other_sizes",
    ),
    Check(
        "learns_digits",
        _learns_digits,
        "hidden",
        ("functional_model", "inputs", "param_budget", "softmax_output"),
        kind=Kind.TRAINING,
    ),
]


EXERCISE = Exercise(
    id="small_resnet",
    function="build_small_resnet",
    signature="build_small_resnet(input_shape=(8, 8, 1), num_classes=10)",
    summary=(
        "Any small ResNet: two residual connections or more (one with a stride-2 1x1 "
        "projection shortcut), global average pooling, a softmax classifier, at most "
        "60,000 parameters, and 0.85 validation accuracy on 8x8 digits."
    ),
    builds=BUILDS,
    hints=(
        (
            "Plan it as Lesson 4's blocks in a row: a stem Conv2D, an identity block, a "
            "downsampling block, then global average pooling and the softmax classifier. "
            "Count parameters as you go with `model.summary()`."
        ),
        (
            "A block keeps its input `T`, computes `y` from it with two 3x3 Conv2D layers "
            '(`padding="same"`) and returns `layers.add([y, shortcut])`. The shortcut is `T` '
            "itself when `y` has the shape of `T`; in the downsampling block the first "
            "Conv2D has `strides=2`, so the shortcut must be a 1x1 Conv2D of `T` with "
            "`strides=2`. With BatchNormalization, pass `momentum=0.9`."
        ),
        (
            "The key line of the downsampling block: "
            "`x = layers.add([y, layers.Conv2D(filters, 1, strides=2)(x)])`."
        ),
    ),
    checks=tuple(CHECKS),
)
