# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 4 — Residual connections
#
# **Description:** the source text's residual connections (an identity
# shortcut and a 1×1 strided projection shortcut), why the two tensors must
# have the same shape, three ways to write the addition, and a deep plain
# stack against the same stack with skips.
#
# **Estimated time:** 25 min (about 23 min to read the text, the code and
# the self-check: 3,400 words at 150 a minute; 2 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - build an identity shortcut and a projection shortcut, and choose between
#   them from the shapes of the block's input and output;
# - predict the shapes of both paths of a downsampling block, and say why it
#   needs an even height and width;
# - count the parameters of a block and of its projection;
# - write the sum three ways (`layers.add`, `layers.Add()`, `y + x`) and say
#   which of them puts a layer in `model.layers`;
# - explain, from the measured signal and gradients, why skips let a deep
#   stack train.
#
# With the source text open beside you, this lesson follows "Residual
# connections". All errata are collected in [errata.md](errata.md).
#
# A **residual connection** (skip connection, shortcut) makes a block's output
# the sum of what the block computes and of its own input:
# $\text{output} = F(x) + x$. The block only has to learn the *change* $F(x)$
# to its input, and both the signal and the gradient have a path around the
# block. Residual networks (ResNets, He et al. 2015) use it to train networks
# of a hundred layers and more.
#
# The addition is elementwise, so $F(x)$ and $x$ must have the same shape.
# When the block keeps the shape, the shortcut is $x$ itself: an **identity
# shortcut**. When the block changes it (fewer pixels, more channels), the
# shortcut must change it the same way: a **projection shortcut**, a linear
# 1×1 convolution with the right stride and number of filters.

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf  # only for tf.GradientTape in section 5
from keras import layers
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__, "with the", keras.backend.backend(), "backend")

# %% [markdown]
# ## 1. Identity shortcut
#
# The text's first listing: three 3×3 convolutions with `padding="same"`
# keep a `(32, 32, 128)` feature map at `(32, 32, 128)`, so `x` can be added
# to their output as it is. (The layer names only make the diagram easier to
# read.)

# %%
x = keras.Input(shape=(32, 32, 128), name="x")
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_1")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_2")(y)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_3")(y)
y = layers.add([y, x], name="add")

identity_block = keras.Model(x, y, name="identity_block")
print("x:", x.shape, " output:", y.shape)
assert identity_block.count_params() == 3 * (3 * 3 * 128 * 128 + 128) == 442_752, (
    f"expected 442,752 parameters, got {identity_block.count_params():,}"
)

# %% [markdown]
# ### Reading a skip in the diagram
#
# `x` has **two** outgoing arrows: one into `conv_1`, the main path, and one
# that bypasses all three convolutions and goes straight into `add`. `add`
# has two incoming arrows and lists two input shapes; they must be equal. In
# a `model.summary()` the same thing shows in the `Connected to` column:
# `add` is connected to `conv_3[0][0]` and `x[0][0]`.

# %%
show_model(identity_block, "04_identity_block")

# %% [markdown]
# ## 2. Projection shortcut
#
# The text's second listing downsamples: two 3×3 convolutions, then 2×2 max
# pooling with stride 2 halves the height and width. `x` no longer fits, so
# the shortcut is `Conv2D(128, 1, strides=2)` applied to `x`: a 1×1
# convolution with stride 2 picks every other pixel and maps its channels
# linearly (no activation) to 128. Here `x` has 64 channels, so the
# projection fixes the channels as well as the size.
#
# **Predict, then run.** On a `(32, 32, 64)` input, write down the shape of
# the main path after the pooling, the shape of the shortcut, and the block's
# parameter count, before running the next cell.

# %%
x = keras.Input(shape=(32, 32, 64), name="x")
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_1")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_2")(y)
y = layers.MaxPooling2D(2, strides=2, name="pool")(y)
residual = layers.Conv2D(128, 1, strides=2, padding="same", name="projection")(x)
y = layers.add([y, residual], name="add")

projection_block = keras.Model(x, y, name="projection_block")
print("x:", x.shape, " main path:", y.shape, " shortcut:", residual.shape)
projection_block.summary(line_length=100)
assert projection_block.count_params() == 73_856 + 147_584 + 8_320, (
    f"expected 229,760 parameters, got {projection_block.count_params():,}"
)

# %% [markdown]
# Both paths give `(None, 16, 16, 128)`, so they can be added. 229,760
# parameters: `conv_1` $9 \cdot 64 \cdot 128 + 128 = 73{,}856$,
# `conv_2` $9 \cdot 128 \cdot 128 + 128 = 147{,}584$, and the projection
# $64 \cdot 128 + 128 = 8{,}320$. In the diagram the skip is the path
# `x` → `projection` → `add`: a shortcut with one layer on it.
#
# **Predict, then run.** Both paths halve the size of a 32-pixel map. On a
# 15×15 map, how many pixels does the 2×2 pooling with stride 2 give, and how
# many the stride-2 1×1 convolution? Write down both before running the next
# cell.

# %%
odd = keras.Input(shape=(15, 15, 64))
main_path = layers.MaxPooling2D(2, strides=2)(odd)
shortcut = layers.Conv2D(128, 1, strides=2, padding="same")(odd)
print("15 pixels -> pooling:", main_path.shape, " projection:", shortcut.shape)
assert (main_path.shape[1], shortcut.shape[1]) == (7, 8), "pooling floors, the strided 1x1 rounds up"

# %% [markdown]
# The two paths halve the size in different ways, and they agree only on even
# sizes. The 2×2 pooling places a window only where it fits: a 15-pixel map
# gives $\lfloor 15 / 2 \rfloor = 7$ pixels. The stride-2 1×1 convolution
# takes every other pixel starting from the first: pixels 0, 2, …, 14, that is
# $\lceil 15 / 2 \rceil = 8$ (with `padding="same"` as here, and also with
# `"valid"`, since a 1×1 window always fits). 7 and 8 cannot be added, so this
# block needs an even height and width.

# %%
show_model(projection_block, "04_projection_block")

# %% [markdown]
# ## 3. The shapes must match
#
# Without the projection, the sum of a `(16, 16, 128)` map and the
# `(32, 32, 128)` input has no meaning, and Keras 3 refuses it when the model
# is built:

# %%
x = keras.Input(shape=(32, 32, 128))
y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
y = layers.MaxPooling2D(2, strides=2)(y)
try:
    layers.add([y, x])
except ValueError as error:
    print(f"{type(error).__name__}: {error}")

# %% [markdown]
# The channels must match too: a block that ends with 64 filters cannot be
# added to a 128-channel `x`.

# %%
y = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
try:
    layers.add([y, x])
except ValueError as error:
    print(f"{type(error).__name__}: {error}")

# %% [markdown]
# One caveat: "the same shape" really means "shapes that **broadcast**", as
# in NumPy. An axis of size 1 is stretched silently, so adding a
# `(1, 1, 128)` tensor to a `(16, 16, 128)` one builds without complaint. A
# shortcut never has a reason to do that; check the shapes of both inputs of
# `add` in the diagram.
#
# ## 4. `layers.add`, `layers.Add()` or `y + x`
#
# Three spellings of the same sum:
#
# - `layers.add([y, x])` — the functional shortcut the text uses; it creates
#   an `Add` layer and calls it;
# - `layers.Add()([y, x])` — the layer class, created then called (what you
#   write when you want to name it or reuse the instance);
# - `y + x` — Python's operator on symbolic tensors, which Keras 3 turns into
#   the operation `keras.ops.add(y, x)`.
#
# The first two put an `Add` layer in `model.layers`. The operator adds an
# operation node instead: it is part of the graph (it appears in
# `model.summary()`, the diagram and `model.get_config()`) but not in
# `model.layers`. All three compute the same thing. Below, one set of
# convolutions is shared by three models that differ only in how they add.

# %%
x = keras.Input(shape=(8, 8, 16))
y = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(16, 3, activation="relu", padding="same")(y)

models = {
    "layers.add": keras.Model(x, layers.add([y, x])),
    "layers.Add()": keras.Model(x, layers.Add()([y, x])),
    "y + x": keras.Model(x, y + x),
}
batch = np.random.default_rng(0).normal(size=(4, 8, 8, 16)).astype("float32")
reference = models["layers.add"].predict(batch, verbose=0)
for name, model in models.items():
    layer_types = [type(layer).__name__ for layer in model.layers]
    graph_nodes = [node["class_name"] for node in model.get_config()["layers"]]
    same = np.allclose(model.predict(batch, verbose=0), reference)
    print(f"{name:13s} layers: {layer_types}\n{'':13s} graph:  {graph_nodes}   same output: {same}")
    assert same, f"{name} should compute the same sum as layers.add"

# %% [markdown]
# What does **not** work on Keras 3 is a TensorFlow function on symbolic
# tensors. `tf.keras` used to wrap `tf.add(y, x)` into a layer automatically;
# Keras 3 refuses. Use the operator, `keras.ops.add`, or a layer.

# %%
try:
    tf.add(y, x)
except ValueError as error:
    print(f"{type(error).__name__}: {str(error)[:300]} ...")

print("keras.ops.add:", keras.ops.add(y, x).shape)

# %% [markdown]
# ## 5. Why skips help: a deep plain stack vs the same stack with skips
#
# The source text names two problems that residual connections address:
# **vanishing gradients** (the training signal fades as it is propagated
# back through many layers) and **representational bottlenecks** (a layer can
# only pass on what the layer before kept). The classic symptom is
# **degradation**: past some depth, a deeper plain network trains *worse* —
# higher *training* loss, so not overfitting — than a shallower one, although
# it could copy the shallower one and set its extra layers to the identity.
#
# An experiment small enough for a CPU: the 8×8 digits as 64 features, and
# three networks of `Dense(32)` layers trained for 10 epochs with the same
# seed, optimizer and data:
#
# - **shallow**: one hidden layer, then one block, plain (3 hidden layers);
# - **deep plain**: one hidden layer, then 15 blocks (31 hidden layers);
# - **deep residual**: the same 31 layers, with each block's input added to
#   its output.
#
# A block is `Dense(32, relu)` → `Dense(32)`; the residual version adds
# `layers.add([x, y])`. That sum is the only difference between the two deep
# networks: same layers, same parameter count, same initial weights.

# %%
digits = load_digits()
features = (digits.data / 16.0).astype("float32")
x_train, x_val, y_train, y_val = train_test_split(
    features, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)


def dense_stack(num_blocks, skip, width=32, seed=0):
    """A stack of Dense blocks on the 64 digit features, with or without skips.

    Args:
        num_blocks: Number of blocks after the first hidden layer.
        skip: Whether each block's input is added to its output.
        width: Units of every hidden layer. Defaults to `32`.
        seed: Seed for the initial weights. Defaults to `0`.

    Returns:
        The classifier and a probe model that outputs every block's output.
    """
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(64,))
    x = layers.Dense(width, activation="relu")(inputs)
    block_outputs = [x]
    for _ in range(num_blocks):
        y = layers.Dense(width, activation="relu")(x)
        y = layers.Dense(width)(y)
        x = layers.add([x, y]) if skip else y
        block_outputs.append(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs), keras.Model(inputs, block_outputs)


networks = {
    "shallow": dense_stack(1, skip=False),
    "deep plain": dense_stack(15, skip=False),
    "deep residual": dense_stack(15, skip=True),
}
for name, (model, _) in networks.items():
    num_hidden = sum(isinstance(layer, layers.Dense) for layer in model.layers) - 1
    print(f"{name:14s} {num_hidden:2d} hidden Dense layers, {model.count_params():,} parameters")
assert networks["deep plain"][0].count_params() == networks["deep residual"][0].count_params(), (
    "the two deep networks should have the same parameters"
)

# %% [markdown]
# **Before training**, look at what reaches each depth. Left: the size of each
# block's output (its standard deviation over a batch). Right: the size of the
# gradient of the loss with respect to each `Dense` kernel, from
# `tf.GradientTape` (Keras 3 leaves gradients to the backend; with JAX it
# would be `jax.grad`).
#
# In the plain stack, each layer passes on a smaller signal than it received
# (ReLU zeroes about half of it, and Keras's default Glorot initialisation
# does not make up for that), so after 31 layers the output hardly depends on
# the input and every gradient is tiny. With skips, each block *adds* to
# its input instead of replacing it: the signal is carried along the chain of
# additions, and since $\partial (x + F(x)) / \partial x = 1 + \partial F /
# \partial x$, so is the gradient. (Without normalisation the sums also grow
# with depth; real ResNets add `BatchNormalization`.)


# %%
def kernel_gradient_norms(model, x, y):
    """Norm of d(loss)/d(kernel) for every Dense layer, input to output."""
    kernels = [layer.kernel for layer in model.layers if isinstance(layer, layers.Dense)]
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))
    return [float(keras.ops.norm(g)) for g in tape.gradient(loss, kernels)]


fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")
for name in ["deep plain", "deep residual"]:
    model, probe = networks[name]
    scales = [float(np.std(out)) for out in probe.predict(x_train[:256], verbose=0)]
    grads = kernel_gradient_norms(model, x_train[:256], y_train[:256])
    axes[0].plot(scales, "o-", label=name)
    axes[1].plot(grads, "o-", label=name)
    print(f"{name:14s} output scale {scales[-1]:.1e}; gradient at the first kernel {grads[0]:.1e}")
axes[0].set(title="signal: std of each block's output", xlabel="block", yscale="log", ylabel="std")
axes[1].set(title="gradient norm per Dense kernel", xlabel="Dense layer (input → output)")
axes[1].set(yscale="log")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()

# %% [markdown]
# Now train the three. `jit_compile=False` skips XLA compilation, which takes
# longer than these small fits.

# %%
histories = {}
for name, (model, _) in networks.items():
    keras.utils.set_random_seed(0)  # the same batches, in the same order, for all three
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,
    )
    histories[name] = model.fit(
        x_train, y_train, validation_data=(x_val, y_val), epochs=10, batch_size=128, verbose=0
    ).history
    print(
        f"{name:14s} training loss {histories[name]['loss'][-1]:.3f}, "
        f"validation accuracy {histories[name]['val_accuracy'][-1]:.3f}"
    )

final_loss = {name: history["loss"][-1] for name, history in histories.items()}
# Over seeds the ratios to the deep plain stack's loss measured 0.09-0.24
# (deep residual) and 0.32-0.42 (shallow); the checks leave a margin.
assert final_loss["deep residual"] < 0.5 * final_loss["deep plain"], (
    f"the skips should train the deep stack much better: losses {final_loss}"
)
assert final_loss["shallow"] < 0.7 * final_loss["deep plain"], (
    f"the shallow stack should train better than the deep plain one: losses {final_loss}"
)

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")
for name, history in histories.items():
    epochs = np.arange(1, len(history["loss"]) + 1)
    axes[0].plot(epochs, history["loss"], "o-", label=name)
    axes[1].plot(epochs, history["val_accuracy"], "o-", label=name)
axes[0].set(title="training loss", xlabel="epoch")
axes[1].set(title="validation accuracy", xlabel="epoch", ylim=(0, 1))
for ax in axes:
    ax.legend(fontsize="small")
fig.suptitle("Same data, same seed: 3 plain layers, 31 plain layers, 31 layers with skips")
plt.show()

# %% [markdown]
# The deep plain network ends with a much higher **training** loss than the
# shallow one: degradation, not overfitting. The same 31 layers with skips
# train as fast as the shallow network or faster (their first epoch can be
# rough while the growing sums settle). The conclusion holds for other seeds
# (try `seed=1` or `2` in `dense_stack`); the exact numbers do not.
#
# ## Summary
#
# - A residual connection adds a block's input to its output:
#   `layers.add([y, x])`. Identity shortcut when the block keeps the shape;
#   projection shortcut (`Conv2D(filters, 1, strides=2)` of `x`, linear) when
#   it changes the size or the channels.
# - The two tensors must have the same shape (or broadcast); otherwise Keras 3
#   raises "Inputs have incompatible shapes" as the model is built.
# - `layers.add`, `layers.Add()` and `y + x` compute the same sum; the
#   operator becomes a `keras.ops.add` node rather than a layer in
#   `model.layers`. `tf.add` on symbolic tensors fails on Keras 3.
# - In a diagram, a skip is an arrow that leaves a tensor and bypasses the
#   block to enter `add`.
# - Skips give the signal and the gradient a path through depth: the same
#   31 layers that a plain stack cannot train in 10 epochs train well with
#   them.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("04_residual")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_3`](../course/assignments/functional_api_3.py):
#   the identity and projection shortcuts as one function (`residual_block`).
# - [Assignment `functional_api_5`](../course/assignments/functional_api_5.py):
#   design a small residual network of your own for the digits
#   (`small_resnet`), graded on its structure and on how well it trains.
#
# Next: [Lesson 5 — Layer sharing](05_layer_sharing.py): one layer, called on
# two inputs.
