"""Reading convolutional blocks from a model's public config.

Shared by `inception_module` and `residual_block`, whose learner functions
take a tensor `x` and return a tensor: the build process wraps the result in
`keras.Model(x, result)` with `x = keras.Input(shape, name="x")`. This module
turns the calls between `x` and the result into `Stage`s (a convolution or
pooling with its kernel, strides, padding and activation) that the checks
compare with the contract, whatever the learner's layer names, and whether
activations are arguments, `Activation`/`ReLU` layers or `keras.ops.relu`.
"""

from __future__ import annotations

import dataclasses
import re

from autograder.checks import graph

POOLS = ("AveragePooling2D", "MaxPooling2D")
NO_OPS = graph.PASS_THROUGH


def _pair(value) -> tuple:
    """`3`, `[3, 3]` or `(3, 3)` as the tuple `(3, 3)`."""
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value), int(value))


def _size(pair: tuple) -> str:
    """`(3, 3)` as `"3"` (as learners write it), `(1, 3)` as `"(1, 3)"`."""
    return str(pair[0]) if len(set(pair)) == 1 else str(tuple(pair))


@dataclasses.dataclass(frozen=True)
class Stage:
    """One convolution or pooling call, with an activation folded in.

    Args:
        kind: The layer class, e.g. `"Conv2D"`, `"AveragePooling2D"`.
        layer: The layer's name in the learner's model (for messages).
        filters: Filters of a convolution, `None` otherwise.
        kernel: Kernel or pool size, e.g. `(3, 3)`; `()` if none.
        strides: e.g. `(2, 2)`; `()` if none.
        padding: `"same"` or `"valid"` (`""` if none).
        activation: `"relu"`, `"linear"`, ...; `""` for a pooling layer.
        dilation: Dilation rate of a convolution, `(1, 1)` otherwise.
        groups: Groups of a convolution, 1 otherwise.
    """

    kind: str
    layer: str
    filters: int | None = None
    kernel: tuple = ()
    strides: tuple = ()
    padding: str = ""
    activation: str = ""
    dilation: tuple = (1, 1)
    groups: int = 1

    @property
    def is_conv(self) -> bool:
        """Whether the stage is a `Conv2D`."""
        return self.kind == "Conv2D"

    @property
    def is_pool(self) -> bool:
        """Whether the stage is a 2D pooling layer."""
        return self.kind in POOLS

    @property
    def stride(self) -> int | None:
        """The stride if it is the same on both axes, else `None`."""
        return self.strides[0] if len(set(self.strides)) == 1 else None

    def text(self, activation: bool = True, padding: bool = False) -> str:
        """The stage as a learner writes it, e.g. `Conv2D(128, 3, strides=2, relu)`."""
        if not (self.is_conv or self.is_pool):
            shown = self.activation not in ("", "?", "linear")
            return f"{self.kind}({self.activation})" if shown else self.kind
        args = [str(self.filters)] if self.is_conv else []
        args.append(_size(self.kernel))
        if self.strides and set(self.strides) != {1}:
            args.append(f"strides={_size(self.strides)}")
        if self.dilation != (1, 1):
            args.append(f"dilation_rate={_size(self.dilation)}")
        if self.groups != 1:
            args.append(f"groups={self.groups}")
        if padding and self.padding:
            args.append(f'padding="{self.padding}"')
        if activation and self.is_conv:
            args.append(self.activation)
        return f"{self.kind}({', '.join(args)})"


def stage_of(node: graph.Node, activation: str) -> Stage:
    """A `Stage` from a call of the graph and the activation that follows it."""
    c = node.config
    if node.class_name == "Conv2D":
        return Stage(
            "Conv2D",
            node.layer,
            filters=c.get("filters"),
            kernel=_pair(c.get("kernel_size", 1)),
            strides=_pair(c.get("strides", 1)),
            padding=str(c.get("padding", "valid")).lower(),
            activation=activation,
            dilation=_pair(c.get("dilation_rate", 1)),
            groups=int(c.get("groups", 1) or 1),
        )
    if node.class_name in POOLS:
        pool = _pair(c.get("pool_size", 2))
        strides = c.get("strides")
        return Stage(
            node.class_name,
            node.layer,
            kernel=pool,
            strides=_pair(strides) if strides is not None else pool,
            padding=str(c.get("padding", "valid")).lower(),
        )
    return Stage(node.class_name, node.layer, activation=activation)


def stages(chain: list[graph.Node]) -> list[Stage]:
    """The `Stage`s of a single path of calls, activations folded into convolutions.

    A linear `Activation` layer is dropped; `Activation("relu")`, `ReLU()` and
    `keras.ops.relu` after a linear convolution become its activation. An
    activation anywhere else stays a stage of its own (and fails the
    comparison with the contract).
    """
    out: list[Stage] = []
    for node in chain:
        if node.class_name == "Activation" and node.activation() == "linear":
            continue
        if is_activation(node) and out and out[-1].is_conv and out[-1].activation == "linear":
            out[-1] = dataclasses.replace(out[-1], activation=node.activation())
        elif is_activation(node):
            out.append(Stage("Activation", node.layer, activation=node.activation()))
        else:
            out.append(stage_of(node, node.activation()))
    return out


def path_text(path: list[Stage], activation: bool = True, padding: bool = False) -> str:
    """A path of stages as `x -> Conv2D(128, 1) -> Conv2D(128, 3, strides=2)`."""
    return " -> ".join(["x", *(s.text(activation, padding) for s in path)])


def is_activation(node: graph.Node) -> bool:
    """Whether the call is an activation (`Activation`, `ReLU`, `keras.ops.relu`)."""
    return node.class_name in ("Activation", *graph.ACTIVATION_LAYERS, *graph.ACTIVATION_OPS)


def core(g: graph.Graph) -> graph.Graph:
    """The graph that holds the block, opening a nested model called on `x`.

    A learner may build the block as its own `keras.Model` and call it on
    `x` (a nested model used as a layer); its config then holds the wiring.
    """
    while len(g.inputs) == 1 and len(g.outputs) == 1:
        ref = g.outputs[0]
        node = g.node(ref)
        while node.class_name in NO_OPS and len(node.inputs) == 1:
            node = g.node(node.inputs[0])
        if node.class_name not in graph.NESTED_MODELS or len(node.inputs) != 1:
            break
        if g.node(node.inputs[0]).class_name != "InputLayer":
            break
        try:
            inner = graph.Graph(node.config)
        except ValueError:
            break
        if len(inner.inputs) != 1 or len(inner.outputs) != 1:
            break
        g = inner
    return g


def chain_layers(chain: list[graph.Node]) -> list[str]:
    """Layer names along a path (a shared layer appears more than once)."""
    return [node.layer for node in chain]


SHAPE = re.compile(r"\(None, (\d+), (\d+), (\d+)\)|\[None, (\d+), (\d+), (\d+)\]")


def shapes_in(text: str) -> list[tuple[int, int, int]]:
    """The `(None, h, w, c)` shapes quoted in a Keras error message."""
    out = []
    for match in SHAPE.finditer(text):
        values = [v for v in match.groups() if v is not None]
        out.append(tuple(int(v) for v in values))
    return out


def shapes3_in(text: str) -> list[tuple[int, int, int]]:
    """The `(h, w, c)` shapes quoted in an `Add` error message."""
    return [tuple(int(v) for v in m) for m in re.findall(r"\((\d+), (\d+), (\d+)\)", text)]
