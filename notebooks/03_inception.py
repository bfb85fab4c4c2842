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
# # Lesson 3 — Inception modules
#
# **Description:** the source text's four-branch Inception module: why its
# branches cannot be concatenated without `padding="same"`, its 541,568
# parameters derived branch by branch, the module trained inside a small model,
# and Inception-style networks in `keras.applications`.
#
# **Estimated time:** 20 min (about 17 min to read the text, the code and
# the self-check: 2,600 words at 150 a minute; 1 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - predict the output size of a convolution or pooling from its window,
#   stride and padding;
# - say why the source's four branches cannot be concatenated, and fix them
#   with `padding="same"`;
# - count a `Conv2D`'s parameters (k · k · c · f + f) and a module's, branch
#   by branch;
# - write a module as a Python function of a tensor and reuse it inside
#   another model;
# - say what a 1×1 convolution computes, and why it makes a 3×3 convolution
#   cheaper.
#
# With the source text open beside you, this lesson follows "Directed acyclic
# graphs of layers" and its Inception module. All errata are collected in
# [errata.md](errata.md).
#
# A functional model need not be a stack: its graph may be any **directed
# acyclic graph** (DAG) of layers. An **Inception module** is a small DAG:
# the same input goes through several parallel **branches** (1×1
# convolutions, 3×3 convolutions, pooling), each looking at a different
# neighbourhood size, and their outputs are **concatenated on the channel
# axis**. The network learns which mix of scales to use. Stacks of such
# modules form Inception V1–V3 (GoogLeNet).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__, "with the", keras.backend.backend(), "backend")

# %% [markdown]
# ## 1. The source's module, as written (erratum)
#
# The text applies four branches to a 4D tensor `x` (batch, height, width,
# channels); here `x` is a `(32, 32, 64)` feature map. Every layer uses the
# default `padding="valid"`: a window is only placed where it fits entirely
# inside the map.
#
# **Predict, then run.** A window of size $k$ and stride $s$ placed only where
# it fits on $n$ pixels gives $\lfloor (n - k) / s \rfloor + 1$ pixels. Write
# down the height and width each of the four branches ends with before
# running the next cell.

# %%
x = keras.Input(shape=(32, 32, 64))

branch_a = layers.Conv2D(128, 1, activation="relu", strides=2)(x)

branch_b = layers.Conv2D(128, 1, activation="relu")(x)
branch_b = layers.Conv2D(128, 3, activation="relu", strides=2)(branch_b)

branch_c = layers.AveragePooling2D(3, strides=2)(x)
branch_c = layers.Conv2D(128, 3, activation="relu")(branch_c)

branch_d = layers.Conv2D(128, 1, activation="relu")(x)
branch_d = layers.Conv2D(128, 3, activation="relu")(branch_d)
branch_d = layers.Conv2D(128, 3, activation="relu", strides=2)(branch_d)

for name, branch in zip("abcd", [branch_a, branch_b, branch_c, branch_d], strict=True):
    print(f"branch_{name}: {branch.shape}")

try:
    output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
except ValueError as error:
    print(f"\n{type(error).__name__}: {error}")

# %% [markdown]
# Concatenating on the channel axis (`axis=-1`) stacks the maps channel by
# channel, so every other axis must agree. Here they do not. With
# `padding="valid"` a window of size $k$ and stride $s$ on $n$ pixels gives
# $\lfloor (n - k) / s \rfloor + 1$ pixels:
#
# | branch | layers | height and width |
# | --- | --- | --- |
# | a | 1×1 stride 2 | 32 → **16** |
# | b | 1×1, 3×3 stride 2 | 32 → 32 → **15** |
# | c | 3×3 average pool stride 2, 3×3 | 32 → 15 → **13** |
# | d | 1×1, 3×3, 3×3 stride 2 | 32 → 32 → 30 → **14** |
#
# **The fix:** `padding="same"` on every convolution and on the pooling. The
# map is padded so that a stride-1 layer keeps the size and a stride-2 layer
# gives $\lceil n / 2 \rceil$: every branch ends at 16×16.
#
# **Predict, then run.** How many parameters does the fixed module have? A
# `Conv2D` with `f` filters of size $k \times k$ on `c` channels has
# $k \cdot k \cdot c \cdot f + f$; pooling has none. Add up the four
# branches before running the next cell (section 2 shows the sum).


# %%
def inception_module(x, filters=128, padding="same", name="inception"):
    """The four-branch Inception module of the source text.

    Args:
        x: A 4D tensor `(batch, height, width, channels)`.
        filters: Filters of every convolution. Defaults to `128`.
        padding: `"same"` (the fix, default) or `"valid"` (the text).
        name: Prefix of the layer names, so that the diagram shows which
            branch a layer belongs to. Defaults to `"inception"`.

    Returns:
        The four branches concatenated on the channel axis:
        `(batch, ceil(height / 2), ceil(width / 2), 4 * filters)`.
    """

    def conv(size, strides=1, label=""):
        return layers.Conv2D(
            filters,
            size,
            strides=strides,
            activation="relu",
            padding=padding,
            name=f"{name}_{label}",
        )

    branch_a = conv(1, strides=2, label="a_1x1_s2")(x)

    branch_b = conv(1, label="b_1x1")(x)
    branch_b = conv(3, strides=2, label="b_3x3_s2")(branch_b)

    branch_c = layers.AveragePooling2D(3, strides=2, padding=padding, name=f"{name}_c_pool_s2")(x)
    branch_c = conv(3, label="c_3x3")(branch_c)

    branch_d = conv(1, label="d_1x1")(x)
    branch_d = conv(3, label="d_3x3")(branch_d)
    branch_d = conv(3, strides=2, label="d_3x3_s2")(branch_d)

    return layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1, name=name)


inputs = keras.Input(shape=(32, 32, 64), name="x")
outputs = inception_module(inputs)
module = keras.Model(inputs, outputs, name="inception_module")
print("output:", outputs.shape, f" parameters: {module.count_params():,}")
assert outputs.shape == (None, 16, 16, 512), f"expected (None, 16, 16, 512), got {outputs.shape}"
assert module.count_params() == 541_568, (
    f"expected 541,568 parameters, got {module.count_params():,}"
)

# %% [markdown]
# ## 2. Where the 541,568 parameters are
#
# A `Conv2D` with `f` filters of size $k \times k$ on `c` input channels has
# $k \cdot k \cdot c \cdot f$ weights plus `f` biases. Pooling and
# concatenation have none. Padding does not change the counts (the source's
# version has the same weights, just unusable outputs).
#
# | branch | layers | parameters |
# | --- | --- | --- |
# | a | 1×1, 64 → 128 | 64·128 + 128 = 8,320 |
# | b | 1×1, 64 → 128; 3×3, 128 → 128 | 8,320 + 147,584 = 155,904 |
# | c | pool; 3×3, 64 → 128 | 9·64·128 + 128 = 73,856 |
# | d | 1×1, 64 → 128; 3×3, 128 → 128; 3×3, 128 → 128 | 8,320 + 2 · 147,584 = 303,488 |
# | **total** | | **541,568** |


# %%
def conv_params(kernel_size, in_channels, filters):
    """Weights and biases of a `Conv2D(filters, kernel_size)`."""
    return kernel_size * kernel_size * in_channels * filters + filters


c, f = 64, 128
branches = {
    "a": conv_params(1, c, f),
    "b": conv_params(1, c, f) + conv_params(3, f, f),
    "c": conv_params(3, c, f),
    "d": conv_params(1, c, f) + 2 * conv_params(3, f, f),
}
print(branches, "total", sum(branches.values()))
assert branches == {"a": 8_320, "b": 155_904, "c": 73_856, "d": 303_488}, (
    f"unexpected branch parameter counts: {branches}"
)
assert sum(branches.values()) == module.count_params(), (
    "the branches should hold every parameter of the module"
)

# %% [markdown]
# In the diagram, the four branches leave the input side by side and meet
# again at the concatenation (`inception`), whose output has $4 \times 128 =
# 512$ channels. Layer names say which branch a box belongs to (`b_3x3_s2`:
# branch b, 3×3, stride 2); Graphviz may draw the branches in any order. A
# stack of layers would be a single column; a DAG shows as parallel paths.

# %%
show_model(module, "03_inception_module")

# %% [markdown]
# ### What the 1×1 convolutions do
#
# A 1×1 convolution looks at one pixel at a time: it is a `Dense` layer
# applied to the channel vector of every pixel (a **pointwise** convolution).
# It mixes channels but not neighbours. In branches b and d it comes first,
# so the 3×3 convolutions see learned combinations of the input channels; in
# the Inception networks it also **shrinks** the channels before an expensive
# 3×3 convolution (a bottleneck). For example, a 3×3 convolution from 256 to
# 128 channels costs 295,040 parameters; a 1×1 to 64 channels followed by the
# same 3×3 costs 16,448 + 73,856 = 90,304.

# %%
print("3x3, 256 -> 128:         ", conv_params(3, 256, 128))
print("1x1 to 64, then 3x3 -> 128:", conv_params(1, 256, 64) + conv_params(3, 64, 128))

# %% [markdown]
# ## 3. The module in a small model
#
# The same function builds a smaller module inside a classifier for
# scikit-learn's 8×8 handwritten digits (shipped with scikit-learn, nothing is
# downloaded): a 3×3 convolution with 32 filters, an Inception module with 16
# filters per branch, `Flatten`, and a 10-way softmax. This is where the
# functional API earns its keep: the module is a Python function that takes a
# tensor and returns one, called like a layer.
#
# **Predict, then run.** What shape comes out of the module on the `(8, 8,
# 32)` map of the first convolution? Write it down before running the next
# cell.

# %%
digits = load_digits()
images = (digits.images / 16.0).astype("float32")[..., None]  # (1797, 8, 8, 1)
x_train, x_val, y_train, y_val = train_test_split(
    images, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)

keras.utils.set_random_seed(0)
inputs = keras.Input(shape=(8, 8, 1), name="digit")
x = layers.Conv2D(32, 3, activation="relu", padding="same", name="conv_3x3")(inputs)
x = inception_module(x, filters=16)
print("after the module:", x.shape)
x = layers.Flatten()(x)
outputs = layers.Dense(10, activation="softmax")(x)
classifier = keras.Model(inputs, outputs, name="digits_inception")
classifier.summary(line_length=100)

# %% [markdown]
# `(None, 4, 4, 64)`: every branch has one stride-2 layer and
# `padding="same"`, so 8 pixels become $\lceil 8 / 2 \rceil = 4$, and four
# branches of 16 filters give 64 channels. `filters` sets the width of each
# branch; the input's 32 channels only change the parameter count.

# %%
show_model(classifier, "03_digits_inception")

# %% [markdown]
# Digit labels are integers 0–9, so the loss is
# `sparse_categorical_crossentropy` (no one-hot needed).

# %%
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = classifier.fit(
    x_train, y_train, validation_data=(x_val, y_val), epochs=10, batch_size=64, verbose=0
)
print("validation accuracy per epoch:", np.round(history.history["val_accuracy"], 3))
# Over 20 seeds the final validation accuracy measured 0.94-0.98; chance is 0.1.
assert history.history["val_accuracy"][-1] > 0.85, (
    f"the classifier should exceed 0.85: {history.history['val_accuracy'][-1]:.3f}"
)

fig, axes = plt.subplots(1, 2, figsize=(9, 3), layout="constrained")
epochs = np.arange(1, len(history.history["loss"]) + 1)
for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
    ax.plot(epochs, history.history[metric], "o-", label=f"training {metric}")
    ax.plot(epochs, history.history[f"val_{metric}"], "o-", label=f"validation {metric}")
    ax.set(xlabel="epoch", ylabel=metric)
    ax.legend(fontsize="small")
fig.suptitle("An Inception module classifying 8×8 digits")
plt.show()

# %% [markdown]
# ## 4. Inception-style networks in `keras.applications`
#
# The source points to `keras.applications.inception_v3.InceptionV3` and to
# **Xception** ("extreme Inception"). Xception takes the Inception idea to its
# limit: it separates the channel mixing (1×1) from the spatial filtering
# completely, with **depthwise separable convolutions** (`SeparableConv2D`),
# and it adds residual connections around its blocks (Lesson 4).
#
# `weights=None` builds the architecture with random weights and downloads
# nothing (the default, `weights="imagenet"`, would download the trained
# weights). `include_top=False` drops the 1000-class ImageNet classifier.

# %%
xception = keras.applications.Xception(weights=None, include_top=False)
inception_v3 = keras.applications.InceptionV3(weights=None, include_top=False)

for network in [xception, inception_v3]:
    kinds = [type(layer).__name__ for layer in network.layers]
    print(
        f"{network.name:12s} {network.count_params():>11,} parameters, "
        f"{kinds.count('Concatenate'):2d} Concatenate, {kinds.count('Add'):2d} Add, "
        f"{kinds.count('SeparableConv2D'):2d} SeparableConv2D layers"
    )
assert xception.count_params() == 20_861_480, (
    f"Xception: got {xception.count_params():,} parameters"
)
assert inception_v3.count_params() == 21_802_784, (
    f"InceptionV3: got {inception_v3.count_params():,} parameters"
)

# %% [markdown]
# InceptionV3's 15 `Concatenate` layers are the merges of its 11 Inception
# modules (`mixed0` to `mixed10`) plus 4 merges inside branches of the last
# two modules; Xception has no concatenation at all, but 34 separable
# convolutions and 12 additions: its residual connections.
#
# ## Summary
#
# - A functional model can be any DAG of layers; an Inception module is a
#   fork into parallel branches followed by a merge
#   (`layers.concatenate(..., axis=-1)`).
# - Branches merged by concatenation must agree on every axis except the
#   channels. With `padding="valid"` the text's branches give 16, 15, 13 and
#   14 pixels; `padding="same"` makes every stride-2 branch give 16.
# - On a `(32, 32, 64)` input with 128 filters the module outputs
#   `(None, 16, 16, 512)` and has 541,568 parameters: 8,320 + 155,904 +
#   73,856 + 303,488.
# - A module written as a Python function of a tensor is reused like a layer
#   with any number of filters.
# - 1×1 (pointwise) convolutions mix channels per pixel; Xception builds on
#   separating them from spatial filtering.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("03_inception")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_3`](../course/assignments/functional_api_3.py):
#   write the Inception module as a function of a tensor (`inception_module`).
# - [Assignment `functional_api_6`](../course/assignments/functional_api_6.py),
#   debugging: its `inception_module` cell starts from the source's branches,
#   padding and all.
#
# Next: [Lesson 4 — Residual connections](04_residual.py): a branch that skips
# ahead and is added back.
