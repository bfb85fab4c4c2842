"""Named outputs of a multi-output model and the Dense heads behind them.

A model's outputs are a list (named by the layers that produce them, what
`model.output_names` and a loss dict go by) or a dict (named by its keys).
Keras 3 matches a loss or target *list* to the outputs by position and a
dict by name, so the checks go by name and accept both forms.
"""

from __future__ import annotations

from autograder.checks import graph, model
from autograder.checks.framework import Check, Fail, Kind


def named_outputs(m) -> list[tuple[str, graph.Ref]]:
    """`(name, tensor)` for each output of `m`, in the order given to `keras.Model`."""
    spec = m.get_config()["output_layers"]
    if isinstance(spec, dict):
        return [(key, graph.refs(value)[0]) for key, value in spec.items()]
    return [(ref[0], ref) for ref in graph.refs(spec)]


def outputs_are_dict(m) -> bool:
    """Whether `m` was built with a dict of outputs."""
    return isinstance(m.get_config()["output_layers"], dict)


def by_name(m, values) -> dict:
    """Model outputs (tensors or arrays, as a list or a dict) as a dict keyed by output name."""
    if isinstance(values, dict):
        return dict(values)
    if not isinstance(values, (list, tuple)):
        values = [values]
    return dict(zip([name for name, _ in named_outputs(m)], values, strict=False))


def shapes_text(shapes: dict) -> str:
    """`{"age": (None, 1)}` as `age (None, 1)`."""
    return ", ".join(f"{k} {model.shape_text(v)}" for k, v in shapes.items())


def head(g, ref):
    """The Dense layer behind an output, its activation, and the tensor it reads.

    A separate activation (`Activation`, `Softmax`, `keras.ops.sigmoid`) after
    a linear Dense counts as the Dense layer's own.

    Args:
        g: A `graph.Graph` or `graph.Flat`.
        ref: A tensor of `g`.

    Returns:
        `(dense_node, activation, input_ref)`, or `(node, "?", None)` when the
        tensor is not made by a Dense layer (possibly followed by an activation).
    """
    node = g.node(ref)
    activation = "linear"
    while node.class_name in graph.ACTIVATION_CLASSES or node.class_name in graph.PASS_THROUGH:
        if node.class_name in graph.ACTIVATION_CLASSES:
            activation = node.activation()
        if len(node.inputs) != 1:
            return node, "?", None
        node = g.node(node.inputs[0])
    if node.class_name != "Dense" or len(node.inputs) != 1:
        return node, "?", None
    own = node.activation()
    return node, (own if own != "linear" else activation), node.inputs[0]


def names(heads: tuple[str, ...], group: str = "visible", needs=("builds",)) -> Check:
    """Check `output_names`: the outputs are named `heads`, in this order or as a dict.

    Args:
        heads: The output names the contract fixes, in its order.
        group: The grade cell that scores the check.
        needs: Earlier checks that must pass first.
    """
    listed = "`[" + ", ".join(heads) + "]`"

    def run(models):
        m = models.get("default")
        got = [name for name, _ in named_outputs(m)]
        as_dict = outputs_are_dict(m)
        if sorted(got) == sorted(heads) and (as_dict or tuple(got) == heads):
            return ("a dict keyed by " if as_dict else "") + ", ".join(got)
        if sorted(got) == sorted(heads):
            raise Fail(
                f"The outputs {listed}, in this order.",
                "The outputs `[" + ", ".join(got) + "]`.",
                f"Pass the heads to `keras.Model` in the order {listed}: Keras matches a list "
                "of losses or targets to the outputs by position.",
            )
        raise Fail(
            f"{len(heads)} outputs named " + ", ".join(f"`{n}`" for n in heads) + ".",
            f"{len(got)} output(s) named " + ", ".join(f"`{n}`" for n in got) + ".",
            f'Give each head its name, e.g. `layers.Dense(1, name="{heads[0]}")`: the loss '
            "dict of `compile` and the targets of `fit` are keyed by these output names.",
        )

    return Check("output_names", run, group, needs, kind=Kind.SHAPE)
