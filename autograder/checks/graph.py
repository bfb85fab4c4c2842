"""The wiring of a functional model, read from its public config.

`keras.Model.get_config()` of a functional model lists every layer and
operation (`y + x` and `keras.ops` calls included) with its `inbound_nodes`;
each input tensor there names the `[layer, node_index, tensor_index]` that
produced it. That is public, serialisable and the same after a `.keras`
round trip, so the grader reads wiring from it and from nothing private.
"""

from __future__ import annotations

import dataclasses

Ref = tuple  # (layer name, node index, tensor index): one tensor of the graph

ACTIVATION_LAYERS = {"ReLU": "relu", "Softmax": "softmax"}
ACTIVATION_OPS = {"Relu": "relu", "Softmax": "softmax", "Sigmoid": "sigmoid", "Tanh": "tanh"}
PASS_THROUGH = {"Dropout", "Identity", "GaussianNoise", "GaussianDropout", "AlphaDropout"}
NESTED_MODELS = {"Functional", "Sequential", "Model"}
#: Calls that apply an activation: a layer, or a `keras.ops` function.
ACTIVATION_CLASSES = ("Activation", *ACTIVATION_LAYERS, *ACTIVATION_OPS)


def refs(structure) -> list[Ref]:
    """Keras tensor references in a (nested) config structure, in order."""
    if isinstance(structure, dict):
        if structure.get("class_name") == "__keras_tensor__":
            name, node, index = structure["config"]["keras_history"]
            return [(name, node, index)]
        return [r for value in structure.values() for r in refs(value)]
    if isinstance(structure, (list, tuple)):
        if len(structure) == 3 and isinstance(structure[0], str) and isinstance(structure[1], int):
            return [tuple(structure)]
        return [r for value in structure for r in refs(value)]
    return []


@dataclasses.dataclass(frozen=True)
class Node:
    """One call of a layer or operation.

    Args:
        layer: The layer's (or operation's) name.
        class_name: e.g. `"Dense"`, `"Add"` (for `y + x`), `"Functional"`.
        config: The layer's own config (units, activation, ...).
        inputs: The tensors it was called on, in argument order.
    """

    layer: str
    class_name: str
    config: dict
    inputs: tuple[Ref, ...]

    def activation(self) -> str:
        """The activation this node applies, as a name (`"linear"` if none)."""
        if self.class_name in ACTIVATION_LAYERS:
            return ACTIVATION_LAYERS[self.class_name]
        if self.class_name in ACTIVATION_OPS:
            return ACTIVATION_OPS[self.class_name]
        activation = self.config.get("activation", "linear")
        if isinstance(activation, dict):  # a serialised function or object
            activation = activation.get("config", activation.get("class_name", "?"))
            if isinstance(activation, dict):
                activation = activation.get("name", "?")
        return str(activation)


class Graph:
    """The tensors and calls of a functional model.

    Args:
        config: `model.get_config()` of a functional model (or of a nested
            functional model found inside one).

    Raises:
        ValueError: if the config is not a functional model's (no layers
            with inbound nodes), e.g. a subclassed model.
    """

    def __init__(self, config: dict):
        if "layers" not in config or "input_layers" not in config:
            raise ValueError("Not a functional model config.")
        self.layers = {layer["name"]: layer for layer in config["layers"]}
        self.inputs = refs(config["input_layers"])
        # Keras numbers the calls of a nested functional model from 1 in
        # `output_layers` (its node 0 is its own construction node) but from 0
        # in `inbound_nodes`; `functional_from_config` subtracts 1. So do we.
        self.outputs = [
            (name, index - 1 if self._is_functional(name) and index > 0 else index, tensor)
            for name, index, tensor in refs(config["output_layers"])
        ]

    def _is_functional(self, name: str) -> bool:
        return self.layers.get(name, {}).get("class_name") == "Functional"

    @classmethod
    def of(cls, model) -> Graph:
        """The graph of a loaded `keras.Model`."""
        return cls(model.get_config())

    def node(self, ref: Ref) -> Node:
        """The call that produced tensor `ref`."""
        name, index = ref[0], ref[1]
        layer = self.layers[name]
        inbound = layer.get("inbound_nodes") or []
        call = inbound[index] if index < len(inbound) else {}
        if isinstance(call, dict) and "kwargs" in call:
            # A mask (`Embedding(mask_zero=True)`) travels with a tensor: not a data input.
            kwargs = {k: v for k, v in call["kwargs"].items() if k != "mask"}
            call = {"args": call.get("args", []), "kwargs": kwargs}
        inputs = tuple(refs(call))
        return Node(name, layer["class_name"], layer.get("config", {}), inputs)

    def calls(self, name: str) -> int:
        """How many times layer `name` was called (2+ means weight sharing)."""
        return len(self.layers[name].get("inbound_nodes") or [])

    def nodes(self, class_name: str | None = None) -> list[Node]:
        """Every call in the graph, optionally of one class, in config order."""
        out = []
        for name, layer in self.layers.items():
            if class_name and layer["class_name"] != class_name:
                continue
            for index in range(max(1, self.calls(name))):
                out.append(self.node((name, index, 0)))
        return out

    def upstream(self, ref: Ref) -> set[str]:
        """Names of every layer that tensor `ref` depends on, itself included."""
        seen: set[Ref] = set()
        todo = [ref]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.node(current).inputs)
        return {r[0] for r in seen}

    def chain(self, ref: Ref) -> list[Node] | None:
        """The calls from an input to `ref` if they form a single path.

        Nested models are opened up; pass-through layers (`Dropout`) are
        skipped. Returns `None` when some call on the path has several
        inputs.
        """
        path = []
        while True:
            node = self.node(ref)
            if node.class_name == "InputLayer":
                break
            if len(node.inputs) != 1:
                return None
            if node.class_name in NESTED_MODELS:
                inner = nested_chain(node.config)
                if inner is None:
                    return None
                path.extend(reversed(inner))
            elif node.class_name not in PASS_THROUGH:
                path.append(node)
            ref = node.inputs[0]
        return list(reversed(path))


def as_functional(layer: dict) -> dict:
    """A nested model's config as a functional config, a `Sequential` one turned into a chain.

    Args:
        layer: A layer entry of a functional config (`class_name`, `config`)
            whose class is one of `NESTED_MODELS`.

    Returns:
        A config that `Graph` reads: a functional model's own config, or for
        a `Sequential` model its layers each called on the one before it.

    Raises:
        ValueError: if the nested model has no functional config (a
            subclassed model).
    """
    config = layer.get("config") or {}
    if layer.get("class_name") != "Sequential":
        return config
    entries = [(e["config"]["name"], e) for e in config.get("layers", [])]
    if not entries or entries[0][1]["class_name"] != "InputLayer":
        entries.insert(0, ("input", {"class_name": "InputLayer", "config": {}}))
    chained, previous = [], None
    for name, entry in entries:
        inbound = [{"args": [[previous, 0, 0]], "kwargs": {}}] if previous else []
        chained.append({**entry, "name": name, "inbound_nodes": inbound})
        previous = name
    return {
        "layers": chained,
        "input_layers": [[entries[0][0], 0, 0]],
        "output_layers": [[previous, 0, 0]],
    }


Tensor = tuple  # (frames, ref): `ref` in the nested model reached through `frames`


class Flat:
    """A functional model's graph with every nested model opened.

    A tensor is `(frames, ref)`: `ref` is a tensor of the graph of the nested
    model reached through `frames`, a tuple of `(layer name, call index)`
    from the top level down (`()` at the top level). A call of a nested model
    (functional, with any number of inputs and outputs, or `Sequential`) is
    replaced by the calls inside it, so the path from an output back to the
    model's inputs goes through plain layers and operations only. A node's
    `layer` is its path, e.g. `"text_branch/embedding"`: two calls with the
    same path are calls of one layer, with one set of weights.

    Args:
        config: `model.get_config()` of a functional model.

    Raises:
        ValueError: if the config, or a nested model's, is not a functional
            or `Sequential` model's (a subclassed model).
    """

    def __init__(self, config: dict):
        self._graphs: dict[tuple, Graph] = {(): Graph(config)}
        self.inputs = [((), ref) for ref in self._graphs[()].inputs]
        self.outputs = [self.resolve(((), ref)) for ref in self._graphs[()].outputs]

    @classmethod
    def of(cls, model) -> Flat:
        """The flat graph of a loaded `keras.Model`."""
        return cls(model.get_config())

    def _graph(self, frames: tuple) -> Graph:
        if frames not in self._graphs:
            parent = self._graph(frames[:-1])
            self._graphs[frames] = Graph(as_functional(parent.layers[frames[-1][0]]))
        return self._graphs[frames]

    def resolve(self, tensor: Tensor) -> Tensor:
        """The same tensor, named where a plain layer or a top-level input produces it."""
        frames, ref = tensor
        while True:
            g = self._graph(frames)
            node = g.node(ref)
            if node.class_name in NESTED_MODELS:
                frames = (*frames, (ref[0], ref[1]))
                ref = self._graph(frames).outputs[ref[2]]
            elif node.class_name == "InputLayer" and frames:
                position = [r[0] for r in g.inputs].index(ref[0])
                name, call = frames[-1]
                frames = frames[:-1]
                ref = self._graph(frames).node((name, call, 0)).inputs[position]
            else:
                return frames, ref

    def node(self, tensor: Tensor) -> Node:
        """The call of a plain layer that produced `tensor`, its inputs resolved."""
        frames, ref = tensor
        inner = self._graph(frames).node(ref)
        path = "/".join([*(name for name, _ in frames), inner.layer])
        inputs = tuple(self.resolve((frames, r)) for r in inner.inputs)
        return Node(path, inner.class_name, inner.config, inputs)

    def upstream(self, tensor: Tensor) -> set[str]:
        """Paths of every layer that `tensor` depends on, the top-level inputs included."""
        seen: set[Tensor] = set()
        todo = [tensor]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.node(current).inputs)
        return {self.node(t).layer for t in seen}

    def skip(self, tensor: Tensor) -> Tensor:
        """The tensor before any pass-through layers (`Dropout`) that produced `tensor`."""
        node = self.node(tensor)
        while node.class_name in PASS_THROUGH and len(node.inputs) == 1:
            tensor = node.inputs[0]
            node = self.node(tensor)
        return tensor

    def chain(self, tensor: Tensor) -> list[Node] | None:
        """The calls from an input to `tensor` if they form a single path, else `None`.

        Pass-through layers (`Dropout`) are skipped.
        """
        path = []
        while True:
            node = self.node(tensor)
            if node.class_name == "InputLayer":
                return list(reversed(path))
            if len(node.inputs) != 1:
                return None
            if node.class_name not in PASS_THROUGH:
                path.append(node)
            tensor = node.inputs[0]


def merge_sides(g: Graph, merge: Node, names: tuple[str, str]) -> tuple[str, str] | None:
    """Which of a two-input model's inputs each half of a two-tensor merge reads.

    Args:
        g: The graph of a model with two inputs.
        merge: The merge call (e.g. a `Concatenate` of two tensors).
        names: How to name the first and the second input to the learner.

    Returns:
        `None` when half 1 is computed from the first input only and half 2
        from the second only. Otherwise `(received, kind)`: a sentence naming
        each half's inputs, and `"swapped"` (halves in the other order),
        `"same"` (both halves from the same inputs) or `"mixed"`.
    """
    first, second = g.inputs[0][0], g.inputs[1][0]
    named = {first: names[0], second: names[1]}
    sides = [[i for i in (first, second) if i in g.upstream(ref)] for ref in merge.inputs]
    if sides == [[first], [second]]:
        return None
    received = "; ".join(
        f"half {i + 1} computed from " + (" and ".join(named[f] for f in feeds) or "no input")
        for i, feeds in enumerate(sides)
    )
    if sides == [[second], [first]]:
        kind = "swapped"
    elif sides[0] == sides[1]:
        kind = "same"
    else:
        kind = "mixed"
    return received + ".", kind


def nested_chain(config: dict) -> list[Node] | None:
    """The single path through a nested model's config, or `None`."""
    if "layers" in config and "input_layers" not in config:  # Sequential
        nodes = [
            Node(layer["config"].get("name", ""), layer["class_name"], layer.get("config", {}), ())
            for layer in config["layers"]
            if layer["class_name"] != "InputLayer"
        ]
        return [n for n in nodes if n.class_name not in PASS_THROUGH]
    try:
        graph = Graph(config)
    except ValueError:
        return None
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        return None
    return graph.chain(graph.outputs[0])


def stages(chain: list[Node], kind: str = "Dense") -> list[tuple[Node, str]]:
    """Folds separate activations into the layer before them.

    `Dense(32)` then `Activation("relu")` (or `ReLU()`, or `keras.ops.relu`)
    is one stage `(Dense node, "relu")`, the same as `Dense(32, "relu")`.
    Returns the stages of layers of class `kind`, and `(node, "?")` for a
    layer of any other kind so that callers can reject it.
    """
    out: list[tuple[Node, str]] = []
    for node in chain:
        is_activation = node.class_name in ("Activation", *ACTIVATION_LAYERS, *ACTIVATION_OPS)
        if is_activation and out and out[-1][1] == "linear":
            out[-1] = (out[-1][0], node.activation())
        elif node.class_name == kind:
            out.append((node, node.activation()))
        else:
            out.append((node, "?"))
    return out


def fold(chain: list[Node]) -> list[tuple[Node, str]]:
    """`(layer, activation)` stages of a path: a separate activation joins the layer before it.

    Unlike `stages`, any layer with a linear activation (`Conv1D`, `Dense`,
    ...) takes the activation that follows it.
    """
    out: list[tuple[Node, str]] = []
    for node in chain:
        if node.class_name in ACTIVATION_CLASSES and out and out[-1][1] == "linear":
            out[-1] = (out[-1][0], node.activation())
        else:
            out.append((node, node.activation()))
    return out


def ints(value) -> tuple:
    """`5`, `[5]` or `(5,)` (a config's size or stride) as a tuple."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def stage_text(node: Node, activation: str) -> str:
    """A stage as a learner would write it, with non-default settings shown."""
    c = node.config
    if node.class_name == "Embedding":
        return f"Embedding({c.get('input_dim')}, {c.get('output_dim')})"
    if node.class_name == "Conv1D":
        extra = ""
        if c.get("padding") != "valid":
            extra += f", padding={c.get('padding')!r}"
        if ints(c.get("strides")) != (1,):
            extra += f", strides={ints(c.get('strides'))[0]}"
        if ints(c.get("dilation_rate")) != (1,):
            extra += f", dilation_rate={ints(c.get('dilation_rate'))[0]}"
        return f"Conv1D({c.get('filters')}, {ints(c.get('kernel_size'))[0]}, {activation}{extra})"
    if node.class_name in ("MaxPooling1D", "AveragePooling1D"):
        pool = ints(c.get("pool_size"))[0]
        extra = ""
        if ints(c.get("strides")) != (pool,):
            extra += f", strides={ints(c.get('strides'))[0]}"
        if c.get("padding") != "valid":
            extra += f", padding={c.get('padding')!r}"
        return f"{node.class_name}({pool}{extra})"
    if node.class_name == "Dense":
        return f"Dense({c.get('units')}, {activation})"
    if node.class_name in ACTIVATION_CLASSES:
        return f"Activation({activation})"
    return node.class_name


def describe(node: Node) -> str:
    """A call as a learner would write it, e.g. `Embedding(10000, 64)`."""
    c = node.config
    if node.class_name == "Embedding":
        return f"Embedding({c.get('input_dim')}, {c.get('output_dim')})"
    if node.class_name in ("LSTM", "GRU", "SimpleRNN", "Dense"):
        act = node.activation()
        extra = f", {act}" if node.class_name == "Dense" and act != "linear" else ""
        return f"{node.class_name}({c.get('units')}{extra})"
    if node.class_name == "Conv2D":
        kernel, strides = tuple(c.get("kernel_size", ())), tuple(c.get("strides", ()))
        return f"Conv2D({c.get('filters')}, {kernel}, strides={strides})"
    return node.class_name


# --- the whole graph, nested models opened ------------------------------------

Key = tuple  # (scope, layer name, node index): one call in an opened-up graph
Tensor = tuple  # (call key, tensor index): one tensor in an opened-up graph

ADDS = {"Add"}  # `layers.Add`, `layers.add`, `y + x`, `keras.ops.add`


def _pair(value) -> tuple:
    """`2`, `[2, 2]` or `(2, 2)` as the tuple `(2, 2)`."""
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value), int(value))


class FlatGraph:
    """Every call of a functional model, with its nested models opened up.

    A nested functional model's own graph takes the place of its call: its
    inputs are the tensors the outer model passed it, its outputs the tensors
    its graph computes. A nested `Sequential` becomes its chain of layers.
    Each call is keyed by the calls of the nested models it sits in, so a
    block model called twice gives two sets of calls. Everything is read from
    `get_config()`, like `Graph`.

    Args:
        config: `model.get_config()` of a functional model.

    Raises:
        ValueError: if the config is not a functional model's.
    """

    def __init__(self, config: dict):
        self.calls: dict[Key, Node] = {}
        self.reads: dict[Key, tuple[Tensor, ...]] = {}
        top = Graph(config)
        self.inputs = [self._tensor(top, (), ref, {}) for ref in top.inputs]
        self.outputs = [self._tensor(top, (), ref, {}) for ref in top.outputs]

    @classmethod
    def of(cls, model) -> FlatGraph:
        """The opened-up graph of a loaded `keras.Model`."""
        return cls(model.get_config())

    def _tensor(self, g: Graph, scope: tuple, ref: Ref, given: dict) -> Tensor:
        """The tensor `ref` of graph `g`; `given` maps `g`'s input layers to outer tensors."""
        name, index, tensor = ref
        node = g.node(ref)
        if node.class_name == "InputLayer" and name in given:
            return given[name]
        inner_scope = (*scope, (name, index))
        if node.class_name in NESTED_MODELS and "input_layers" in node.config:
            passed = [self._tensor(g, scope, r, given) for r in node.inputs]
            return self._functional(node.config, inner_scope, passed, tensor)
        if node.class_name in NESTED_MODELS and "layers" in node.config:
            (start,) = [self._tensor(g, scope, r, given) for r in node.inputs]
            return self._sequential(node.config, inner_scope, start)
        key = (scope, name, index)
        if key not in self.calls:  # inputs first: `calls` is in topological order
            reads = tuple(self._tensor(g, scope, r, given) for r in node.inputs)
            self.calls[key], self.reads[key] = node, reads
        return (key, tensor)

    def _functional(self, config: dict, scope: tuple, passed: list, tensor: int) -> Tensor:
        inner = Graph(config)
        given = {ref[0]: t for ref, t in zip(inner.inputs, passed, strict=True)}
        return self._tensor(inner, scope, inner.outputs[tensor], given)

    def _sequential(self, config: dict, scope: tuple, current: Tensor) -> Tensor:
        for layer in config["layers"]:
            kind, inner = layer["class_name"], layer.get("config", {})
            name = inner.get("name", layer.get("name", ""))
            if kind == "InputLayer":
                continue
            if kind in NESTED_MODELS and "input_layers" in inner:
                current = self._functional(inner, (*scope, (name, 0)), [current], 0)
            elif kind in NESTED_MODELS and "layers" in inner:
                current = self._sequential(inner, (*scope, (name, 0)), current)
            else:
                key = (scope, name, 0)
                self.calls[key] = Node(name, kind, inner, ())
                self.reads[key] = (current,)
                current = (key, 0)
        return current

    def producer(self, tensor: Tensor) -> Node:
        """The call that computed `tensor`."""
        return self.calls[tensor[0]]

    def back(self, tensor: Tensor) -> Tensor | None:
        """The one tensor the producer of `tensor` read, or `None` (an input, a merge)."""
        reads = self.reads[tensor[0]]
        return reads[0] if len(reads) == 1 else None

    def skip_pass_through(self, tensor: Tensor) -> Tensor:
        """The tensor before any pass-through layers (`Dropout`) that end at `tensor`."""
        while self.producer(tensor).class_name in PASS_THROUGH and self.back(tensor):
            tensor = self.back(tensor)
        return tensor

    def convs_between(self, start: Tensor, end: Tensor, avoid=frozenset()) -> int | None:
        """Most `Conv2D` calls on one path from `start` to `end`.

        Args:
            start: The tensor the path leaves from.
            end: The tensor it arrives at.
            avoid: Keys of calls the path may not go through.

        Returns:
            The number of `Conv2D` calls on the path that has most of them
            (0 when `end` is `start`), or `None` when no path avoids `avoid`.
        """
        memo: dict[Tensor, int | None] = {start: 0}
        todo = [end]
        while todo:  # depth-first, without recursion: deep models stay cheap
            tensor = todo[-1]
            key = tensor[0]
            if tensor in memo:
                todo.pop()
                continue
            if key in avoid:
                memo[tensor] = None
                todo.pop()
                continue
            missing = [r for r in self.reads[key] if r not in memo]
            if missing:
                todo.extend(missing)
                continue
            counts = [memo[r] for r in self.reads[key] if memo[r] is not None]
            conv = self.calls[key].class_name == "Conv2D"
            memo[tensor] = max(counts) + conv if counts else None
            todo.pop()
        return memo[end]


@dataclasses.dataclass(frozen=True)
class Residual:
    """One add of the graph, read as a residual connection.

    A residual connection (the contract's definition) adds a tensor `T`, or
    a 1x1 `Conv2D` of `T` (a projection shortcut, optionally followed by
    `BatchNormalization`), to a tensor computed from `T` through at least two
    `Conv2D` layers.

    Args:
        add: The `Add` call.
        shortcut: The calls on the shortcut: `()` for an identity shortcut,
            the 1x1 `Conv2D` (and its `BatchNormalization`) for a projection.
        convs: `Conv2D` calls on the main path from `T` to the other summand
            (the most on any path that avoids the shortcut), `None` when
            that summand is not computed from `T`.
        start: The layer that computed `T`, for messages.
    """

    add: Node
    shortcut: tuple[Node, ...]
    convs: int | None
    start: str

    @property
    def is_residual(self) -> bool:
        """Whether the add meets the definition: two convolutions or more on the main path."""
        return (self.convs or 0) >= 2

    @property
    def strides(self) -> tuple:
        """The strides of the projection, `(1, 1)` for an identity shortcut."""
        return _pair(self.shortcut[0].config.get("strides", 1)) if self.shortcut else (1, 1)

    @property
    def downsamples(self) -> bool:
        """Whether the shortcut is a stride-2 1x1 projection."""
        return self.strides == (2, 2)


def _shortcuts(g: FlatGraph, summand: Tensor) -> list[tuple[Tensor, tuple[Tensor, ...]]]:
    """The ways to read `summand` as a shortcut: `(T, shortcut tensors)`.

    Always the identity (`T` is the summand); also a projection when the
    summand is a 1x1 `Conv2D` of a tensor, optionally followed by
    `BatchNormalization`.
    """
    tensor = g.skip_pass_through(summand)
    out = [(summand, ())]
    chain = [tensor]
    if g.producer(tensor).class_name == "BatchNormalization" and g.back(tensor):
        chain.append(g.skip_pass_through(g.back(tensor)))
    conv = g.producer(chain[-1])
    kernel = conv.config.get("kernel_size", 0) if conv.class_name == "Conv2D" else 0
    if kernel and _pair(kernel) == (1, 1) and g.back(chain[-1]):
        out.append((g.back(chain[-1]), tuple(reversed(chain))))
    return out


def residuals(g: FlatGraph) -> list[Residual]:
    """Every add of two tensors (or more), each read as a residual connection at best.

    For each add, every summand is tried as the shortcut (identity, or a
    projection) and the other as the main path; the reading kept is the one
    that meets the definition (a projection preferred), else the one with
    most convolutions on the main path. The main path may not go through the
    shortcut's own layers.

    Returns:
        One `Residual` per add, in the graph's config order; keep those with
        `is_residual` for the connections that count.
    """
    found = []
    for key, node in g.calls.items():
        if node.class_name not in ADDS or len(g.reads[key]) < 2:
            continue
        readings = []
        summands = g.reads[key]
        for i, shortcut in enumerate(summands):
            for start, path in _shortcuts(g, shortcut):
                avoid = frozenset(t[0] for t in path)
                for j, main in enumerate(summands):
                    if j == i:
                        continue
                    convs = g.convs_between(start, main, avoid)
                    nodes = tuple(g.producer(t) for t in path)
                    kept = Residual(node, nodes, convs, g.producer(start).layer)
                    readings.append(kept)
        found.append(max(readings, key=lambda r: (r.is_residual, bool(r.shortcut), r.convs or -1)))
    return found
