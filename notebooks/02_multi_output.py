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
# # Lesson 2 — Multi-output models
#
# **Description:** the source text's three-head model (age, income, gender from
# one social-media post): one shared trunk, three named outputs, three losses
# combined with loss weights, fed with lists and with dicts.
#
# **Estimated time:** 35 min (about 33 min to read the text, the code and
# the self-check: 5,000 words at 150 a minute; 2 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - build a model with one trunk and three named heads, and predict its
#   parameter count layer by layer;
# - predict a sequence's length through valid convolutions and poolings, and
#   find the shortest input a model accepts;
# - compile a multi-output model with losses and loss weights as a list and
#   as a dict, and recompute its total loss as the weighted sum;
# - explain why losses on different scales need loss weights or scaled
#   targets;
# - key losses and targets by output name, and say what a loss list does to
#   a model whose outputs are a dict.
#
# With the source text open beside you, this lesson follows its three-output
# model, which the text gives under "Multi-Input Models" (the printed book has
# a section "Multi-output models" for it). Every listing runs here on Keras 3;
# where the text has a mistake, or Keras 3 behaves in a way the text does not
# show, the cell shows what Keras 3 does. All errata are collected in
# [errata.md](errata.md).
#
# A **multi-output** (multi-head) model computes several predictions from the
# same input. The layers they share are the **trunk**; the last layer of each
# prediction is a **head**. Each head gets its own loss; training minimises
# one number, the **weighted sum** of the head losses, so the trunk learns
# features that serve all heads at once.

# %%
import logging
import re
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from lesson_tools import answer, self_check, show_model

# This lesson compiles and evaluates one model many times on single batches, so
# TensorFlow's functions are traced afresh each time. That is expected here; hide
# TensorFlow's warning about "retracing".
logging.getLogger("tensorflow").setLevel(logging.ERROR)

keras.utils.set_random_seed(42)
print("Keras", keras.__version__, "with the", keras.backend.backend(), "backend")

# %% [markdown]
# ## 1. The three-head model
#
# The input is a post: a sequence of integer token ids of any length,
# `shape=(None,)`. An `Embedding` turns each id into a 256-dimensional vector;
# a stack of 1D convolutions and max poolings reads the sequence; a global
# pooling reduces it to one 256-vector; a `Dense(128)` layer ends the trunk.
# Three heads read that 128-vector:
#
# | head | layer | target | loss |
# | --- | --- | --- | --- |
# | `age` | `Dense(1)`, linear | a number (regression) | mean squared error |
# | `income` | `Dense(10)`, softmax | one of 10 groups, one-hot | categorical cross-entropy |
# | `gender` | `Dense(1)`, sigmoid | 0 or 1 | binary cross-entropy |
#
# The heads' `name`s are what the dict forms of `compile` and `fit` use below.
#
# **Erratum:** the text writes `layers.Embedding(256, vocabulary_size)`.
# `Embedding(input_dim, output_dim)` takes the vocabulary size first:
# `layers.Embedding(vocabulary_size, 256)`.
#
# **Not an erratum, a difference:** the source's code ends the convolutions
# with `GlobalAveragePooling1D`; the printed book uses `GlobalMaxPooling1D`.
# Both have no weights and both give `(None, 256)`, but they compute different
# features: the **mean** of each channel over the whole post ("how much of
# this pattern is there?") or its **largest** value ("does this pattern occur
# anywhere?"). This lesson and the exercise follow the source's code.
#
# **Predict, then run.** The first `Conv1D(128, 5)` reads 256 channels: how
# many parameters does it have? And roughly what share of all the weights is
# the `Embedding(50000, 256)` table? Write both down before running the next
# cell.


# %%
def build_social_model(vocab_size=50000, num_income_groups=10, sequence_length=None):
    """The three-head model of the source text, errata fixed.

    Args:
        vocab_size: Number of distinct token ids. Defaults to `50000`.
        num_income_groups: Number of income groups. Defaults to `10`.
        sequence_length: Length of the posts, or `None` for any length.
            Defaults to `None`.

    Returns:
        A functional `keras.Model` with outputs `[age, income, gender]`.
    """
    posts = keras.Input(shape=(sequence_length,), dtype="int32", name="posts")
    x = layers.Embedding(vocab_size, 256)(posts)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(128, activation="relu")(x)

    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender], name="social_model")


model = build_social_model()
model.summary()
assert model.count_params() == 14_146_316, (
    f"expected 14,146,316 parameters, got {model.count_params():,}"
)

# %% [markdown]
# | layer | parameters |
# | --- | --- |
# | `Embedding(50000, 256)` | 50000 · 256 = 12,800,000 |
# | `Conv1D(128, 5)` on 256 channels | 5 · 256 · 128 + 128 = 163,968 |
# | `Conv1D(256, 5)` on 128 channels | 5 · 128 · 256 + 256 = 164,096 |
# | 3 × `Conv1D(256, 5)` on 256 channels | 3 · (5 · 256 · 256 + 256) = 983,808 |
# | `Dense(128)` on 256 | 256 · 128 + 128 = 32,896 |
# | heads `age`, `income`, `gender` on 128 | 129 + 1,290 + 129 = 1,548 |
# | **total** | **14,146,316** |
#
# 90 % of the weights are the embedding table. In the diagram, the trunk is
# the single column; the three heads branch from `dense`.

# %%
show_model(model, "02_social_model")

# %% [markdown]
# The swapped `Embedding` of the text builds without complaint. It accepts only
# ids 0–255 (the first real post fails, as in Lesson 1) and turns each into a
# 50,000-long vector, so the first convolution alone gets 32 million weights.

# %%
posts = keras.Input(shape=(None,), dtype="int32")
swapped = layers.Embedding(256, 50000)(posts)  # the text's argument order
first_conv = layers.Conv1D(128, 5, activation="relu")
first_conv(swapped)
print("embedding output:", swapped.shape)
print("first Conv1D:", f"{first_conv.count_params():,}", "parameters instead of 163,968")

# %% [markdown]
# ## 2. Outputs: order and names
#
# The model was given a **list** of outputs, so it has three outputs in that
# order. Keras 3 keeps their names in `model.output_names`; each output tensor
# has a `.shape`.

# %%
print(model.output_names)
for name, output in zip(model.output_names, model.outputs, strict=True):
    print(f"{name:7s}{output.shape}")

# %% [markdown]
# ## 3. How long must a post be? (erratum)
#
# `shape=(None,)` promises "any length", but each `Conv1D(…, 5)` without
# padding (`padding="valid"`, the default) removes 4 positions and each
# `MaxPooling1D(5)` divides the length by 5 (rounding down). The last
# convolution needs at least 5 positions to produce one.
#
# **Predict, then run.** Follow a post of 500 tokens through the trunk's seven
# layers (conv, pool, conv, conv, pool, conv, conv) and write down its length
# after each, and the length of the shortest post the model accepts, before
# running the next cell.


# %%
def conv_stack_lengths(length):
    """Sequence length after each convolution and pooling of the trunk."""
    lengths = [length]
    for kind in ["conv", "pool", "conv", "conv", "pool", "conv", "conv"]:
        length = length - 4 if kind == "conv" else length // 5
        lengths.append(length)
    return lengths


min_length = next(n for n in range(1, 1000) if conv_stack_lengths(n)[-1] >= 1)
print("shortest post:", min_length, "tokens")
print("500 tokens:", conv_stack_lengths(500))
print("268 tokens:", conv_stack_lengths(268))
assert min_length == 269, f"expected 269 tokens as the shortest post, computed {min_length}"

# %% [markdown]
# 500 → 496 (conv) → 99 (pool) → 95 → 91 (two convs) → 18 (pool) → 14 → 10
# (two convs). For the shortest post, walk backwards from the 5 positions the
# last convolution needs: 5 → 9 (conv) → 45 (pool) → 53 (two convs) → 265
# (pool) → **269** (conv).

# %% [markdown]
# How many lengths leave the last convolution one position short? Any length
# whose positions reach it as 4: those are 8 after the second pooling, so 40
# to 44 before it, 48 to 52 after the first pooling, and 240 to 264 before it.
# That is every post of **244 to 268** tokens, not just a handful. Keras's own
# shape rules agree: `layer.compute_output_shape` walks a length through the
# model's convolutions and poolings and raises where a layer would produce
# nothing.

# %%
stack = [layer for layer in model.layers if isinstance(layer, (layers.Conv1D, layers.MaxPooling1D))]


def keras_lengths(length):
    """Lengths through the trunk by Keras's shape rules; `None` where a layer fails."""
    lengths = [length]
    for layer in stack:
        try:
            shape = layer.compute_output_shape((None, lengths[-1], layer.input.shape[-1]))
        except ValueError:  # "Computed output size would be zero or negative"
            return lengths + [None]
        lengths.append(shape[1])
    return lengths


walks = {n: keras_lengths(n) for n in range(1, 301)}
# A walk that reaches the last Conv1D has one entry per layer, plus the input.
four_short = [n for n, walk in walks.items() if len(walk) == len(stack) + 1 and walk[-2] == 4]
print(f"the last Conv1D gets 4 positions for {four_short[0]}-{four_short[-1]} tokens")
print("first length that builds:", next(n for n, walk in walks.items() if walk[-1]))
assert four_short == list(range(244, 269)), f"expected 244-268 tokens, got {four_short}"

# %% [markdown]
# Keras can tell you the same. Build the model for a **fixed** length and read
# each layer's `layer.output.shape`. (Keras 2 code reads
# `layer.output_shape`; Keras 3 layers no longer have that attribute.)

# %%
fixed = build_social_model(sequence_length=500)
for layer in fixed.layers[1:10]:
    print(f"{layer.name:28s}{layer.output.shape}")

try:
    print(fixed.layers[1].output_shape)
except AttributeError as error:
    print(f"\n{type(error).__name__}: {error}")

# %% [markdown]
# Built for 268 tokens, the model fails as it is built, with a clear message
# from the last `Conv1D`. Built for any length, it fails only when it runs on
# a short post, here of 100 tokens. `predict` (like `fit` and `evaluate`)
# first traces a TensorFlow graph for the batch's shape, and TensorFlow's
# shape check raises "Negative dimension size ..." for every length below 269.


# %%
def error_line(error, keyword):
    """The first line of an error message containing `keyword`, without colour codes."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(error).splitlines()]
    return next((line for line in lines if keyword in line), lines[0])[:200]


try:
    build_social_model(sequence_length=268)
except ValueError as error:
    print(f"{type(error).__name__}: {error_line(error, 'output size')}")

try:
    model.predict(np.ones((2, 100), dtype="int32"), verbose=0)
except Exception as error:  # ValueError or InvalidArgumentError, depending on the length
    print(f"{type(error).__name__}: {error_line(error, 'egative')}")

# %% [markdown]
# Do not rely on an error, though. Called directly (`model(x)`), the model
# runs eagerly, one TensorFlow kernel after another, and a convolution that
# gets 4 positions for its 5-wide kernel (posts of 244 to 268 tokens, and of
# 144 to 168, where the fourth convolution is the one left short) behaves in
# one of two ways, measured on TensorFlow 2.21:
#
# - with TensorFlow's **oneDNN** optimisations off (`TF_ENABLE_ONEDNN_OPTS=0`),
#   the convolution computes an empty result and Keras raises "The convolution
#   operation resulted in an empty output";
# - with oneDNN on, the default on x86 Linux, the convolution returns a
#   4-position map whose values do not come from the post, and the model
#   returns numbers without any error. The two posts below are identical,
#   yet their predicted ages can differ wildly.
#
# Every other length below 269 raises an error in both cases. The cell below
# shows which of the two your kernel does.
#
# The fix is to pad or truncate every post to a fixed length of at least 269
# (`keras.utils.pad_sequences(posts, maxlen=500)`); the exercise uses 500.

# %%
try:
    numbers = model(np.ones((2, 268), dtype="int32"))
    print("268 tokens, two identical posts, called eagerly: no error, ages", np.ravel(numbers[0]))
except Exception as error:
    print(f"268 tokens, called eagerly: {type(error).__name__}: {error_line(error, 'output')}")

# %% [markdown]
# ## 4. A corpus with something to learn
#
# The text trains on `posts`, `age_targets`, … that it never defines. Here is
# a synthetic corpus in which the three targets really depend on the tokens.
# Each post has 280 tokens (above the 269 minimum) in three "paragraphs" of
# about 93; most tokens are filler words (ids 100–999), and in each paragraph
# about a third of the tokens are **telling words**:
#
# - paragraph 1: the word `10 + income_group` (10 words, one per group);
# - paragraph 2: the word `20 + gender`;
# - paragraph 3: an age word `30 + k`, `k = round((age - 18) / 52 · 19)`
#   (20 words, one per 2.7-year band of ages 18–70).
#
# The model is the same architecture with a vocabulary of 1,000 instead of
# 50,000, which keeps training to a few seconds.

# %%
VOCAB_SIZE, POST_LENGTH, NUM_INCOME_GROUPS = 1000, 280, 10


def make_posts(num_posts, rng):
    """Synthetic posts and their three targets.

    Returns:
        `(posts, age, income, gender)`: int32 ids `(num_posts, 280)`, ages in
        years, income groups 0–9 and genders 0/1, each `(num_posts,)`.
    """
    age = rng.uniform(18, 70, num_posts)
    income = rng.integers(0, NUM_INCOME_GROUPS, num_posts)
    gender = rng.integers(0, 2, num_posts)
    age_word = 30 + np.rint((age - 18) / 52 * 19).astype(int)

    posts = rng.integers(100, VOCAB_SIZE, size=(num_posts, POST_LENGTH))
    paragraph = np.arange(POST_LENGTH) * 3 // POST_LENGTH  # 0, 1, 2
    telling_word = np.select(
        [paragraph == 0, paragraph == 1, paragraph == 2],
        [10 + income[:, None], 20 + gender[:, None], age_word[:, None]],
    )
    is_telling = rng.random((num_posts, POST_LENGTH)) < 0.35
    posts = np.where(is_telling, telling_word, posts)
    return posts.astype("int32"), age.astype("float32"), income, gender.astype("float32")


rng = np.random.default_rng(0)
posts, age_years, income_groups, gender_targets = make_posts(500, rng)
print(posts[0, :12], "...")
print(f"age {age_years[0]:.1f}, income group {income_groups[0]}, gender {gender_targets[0]:.0f}")

# %% [markdown]
# ### Income targets must be one-hot
#
# `categorical_crossentropy` expects one row per post with a single 1 at the
# true group. The text does not build income targets at all: its `fit` call
# takes an `income_targets` that a comment assumes to be a NumPy array. Its
# question-answering
# listing (Lesson 1) shows the trap to avoid: it makes one-hot-looking targets
# with `np.random.randint(0, 1, ...)`, whose upper bound is exclusive, so every
# entry is 0. The loss, $-\sum_i y_i \log \hat y_i$, is then 0 whatever the
# model predicts, so it says nothing about the income groups (on TensorFlow
# the weights still move, see Lesson 1). Real one-hot rows come from
# `keras.utils.to_categorical`.

# %%
income_targets = keras.utils.to_categorical(income_groups, NUM_INCOME_GROUPS)
bad_income = np.random.randint(0, 1, size=(5, NUM_INCOME_GROUPS))
print("one-hot row:", income_targets[0], " randint(0, 1) rows sum to", bad_income.sum(axis=1))

uniform_guess = np.full((5, NUM_INCOME_GROUPS), 1 / NUM_INCOME_GROUPS)
cce = keras.losses.CategoricalCrossentropy()
print("loss of a uniform guess on real rows:", float(cce(income_targets[:5], uniform_guess)))
print("loss of the same guess on all-zero rows:", float(cce(bad_income, uniform_guess)))

# %% [markdown]
# Ages are regressed in **standard units**, $(\text{age} - 44) / 15$ (a
# uniform age on 18–70 has mean 44 and standard deviation $52/\sqrt{12}
# \approx 15$); section 6 shows why. The first 100 posts are held out for
# validation.

# %%
age_targets = (age_years - 44) / 15
n_val = 100  # 400 posts for training
train_posts, val_posts = posts[n_val:], posts[:n_val]
train_targets = [age_targets[n_val:], income_targets[n_val:], gender_targets[n_val:]]
val_targets = [age_targets[:n_val], income_targets[:n_val], gender_targets[:n_val]]

keras.utils.set_random_seed(1)
small = build_social_model(vocab_size=VOCAB_SIZE, num_income_groups=NUM_INCOME_GROUPS)
print(f"{small.count_params():,} parameters (the embedding is 1000 x 256 now)")

# %% [markdown]
# ## 5. Compiling: a loss per head, as a list or as a dict
#
# A list of losses is paired with the outputs **by position**
# (`model.output_names`); a dict by **output name**. The loss weights come in
# the same two forms. These two calls build the same objective:

# %%
small.compile(
    optimizer="rmsprop",
    loss=["mse", "categorical_crossentropy", "binary_crossentropy"],
    loss_weights=[0.25, 1.0, 10.0],
)
batch = val_posts[:64], [target[:64] for target in val_targets]
list_total = small.evaluate(*batch, batch_size=64, verbose=0, return_dict=True)

small.compile(
    optimizer="rmsprop",
    loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
    loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
)
dict_total = small.evaluate(*batch, batch_size=64, verbose=0, return_dict=True)
print("list form:", {key: round(value, 4) for key, value in list_total.items()})
print("dict form:", {key: round(value, 4) for key, value in dict_total.items()})
assert np.isclose(list_total["loss"], dict_total["loss"]), (
    "the list and dict forms of compile should give the same total loss"
)

# %% [markdown]
# ### The total is the weighted sum of the head losses
#
# `evaluate` reports the total `loss` and each head's **unweighted** loss
# (`age_loss`, …). Recompute them from the predictions with `keras.losses` on
# the same batch (one batch, so no averaging over batches gets in the way):
#
# $$\text{loss} = 0.25 \cdot \text{MSE}_\text{age} + 1 \cdot \text{CCE}_\text{income}
#   + 10 \cdot \text{BCE}_\text{gender}$$

# %%
age_pred, income_pred, gender_pred = small.predict(batch[0], verbose=0)
age_true, income_true, gender_true = batch[1]
head_losses = {
    "age": float(keras.losses.MeanSquaredError()(age_true, age_pred)),
    "income": float(keras.losses.CategoricalCrossentropy()(income_true, income_pred)),
    "gender": float(keras.losses.BinaryCrossentropy()(gender_true, gender_pred)),
}
weights = {"age": 0.25, "income": 1.0, "gender": 10.0}
weighted_sum = sum(weights[name] * head_losses[name] for name in weights)
print({name: round(value, 4) for name, value in head_losses.items()})
print(f"weighted sum {weighted_sum:.5f}   Keras's total {dict_total['loss']:.5f}")
for name in weights:
    assert np.isclose(head_losses[name], dict_total[f"{name}_loss"], rtol=1e-4), (
        f"{name}: keras.losses and evaluate disagree"
    )
assert np.isclose(weighted_sum, dict_total["loss"], rtol=1e-4), (
    "the total loss should be the weighted sum of the head losses"
)

# %% [markdown]
# ## 6. Why loss weights matter
#
# The three losses live on different scales. Cross-entropy over 10 groups
# starts near $\ln 10 \approx 2.3$ and binary cross-entropy near
# $\ln 2 \approx 0.69$, but a mean **squared** error is in the target's unit
# squared. Regress the age in **years** with the untrained model (which
# predicts about 0) and the MSE is about $44^2 + 15^2 \approx 2{,}100$: even
# weighted by 0.25 it is 98 % of the total, so its gradient would set the
# trunk's course and the other heads would hardly count. In standard units it
# is about 1.
#
# The loss weights rescale each head's contribution to the total (and to the
# gradient). The source gives 0.25 to age and 10 to gender without saying
# why; the printed book explains that its age MSE is much larger than its
# gender cross-entropy. They are hyperparameters: choose them for your
# targets' scales and for how much each task matters. Scaling the targets is
# often the better first step.

# %%
in_years = small.evaluate(
    batch[0], [age_years[:64], income_true, gender_true], batch_size=64, verbose=0, return_dict=True
)
for label, result in [("age in years", in_years), ("age in standard units", dict_total)]:
    parts = {name: weights[name] * result[f"{name}_loss"] for name in weights}
    share = parts["age"] / result["loss"]
    print(
        f"{label:22s} weighted losses",
        {k: round(v, 2) for k, v in parts.items()},
        f"age share {share:.0%}",
    )

# %% [markdown]
# ### Two more errata in the text's `compile` calls
#
# **`'bianry_crossentropy'`.** Keras 3's `compile` stores the string and
# resolves it at the first `fit` or `evaluate`, which raises:

# %%
small.compile(optimizer="rmsprop", loss=["mse", "categorical_crossentropy", "bianry_crossentropy"])
try:
    small.evaluate(*batch, verbose=0)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")

# %% [markdown]
# **`'mae'` vs `'mse'`.** The text's list form uses `'mae'` for age, its dict
# form `'mse'`, and calls the two equivalent. They are not: the mean
# **absolute** error has a gradient of constant size, the mean squared error
# one proportional to the error, and their values differ on the same
# predictions. This lesson and the exercise use `'mse'` in both forms.

# %%
mae = float(keras.losses.MeanAbsoluteError()(age_true, age_pred))
print(
    f"same batch, same weights: age loss {mae:.4f} with 'mae', {head_losses['age']:.4f} with 'mse'"
)

# %% [markdown]
# ## 7. Go by output names, not positions
#
# A loss **list** is paired with `model.output_names` in order. That order is
# the order of the list given to `keras.Model` — unless the outputs were
# given as a **dict**: Keras 3 then sorts them by name, `age`, `gender`,
# `income`. The text's loss list, written for `[age, income, gender]`, would
# give categorical cross-entropy to `gender` and binary cross-entropy to
# `income`. Keras only warns, and the reported gender loss is then 0 on every
# batch (categorical cross-entropy over a single column). The head is not left
# alone, though: on TensorFlow the gradient of that loss with respect to the
# gender logit is $1 - y$, so training pushes the logit down for every post
# labelled 0 and never up, and the head drifts towards predicting 0 for
# everyone. Below, the same layers with a dict of outputs (no new weights).

# %%
dict_outputs = keras.Model(
    small.inputs, dict(zip(["age", "income", "gender"], small.outputs, strict=True))
)
print("output_names:", dict_outputs.output_names)
dict_outputs.compile(
    optimizer="rmsprop", loss=["mse", "categorical_crossentropy", "binary_crossentropy"]
)
by_name = dict(zip(["age", "income", "gender"], batch[1], strict=True))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mismatched = dict_outputs.evaluate(batch[0], by_name, verbose=0, return_dict=True)
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print(message[:150] + "...")
print({key: round(value, 4) for key, value in mismatched.items()})

# %% [markdown]
# Keyed by name, losses, loss weights, metrics and targets reach the right
# head whatever the order of the outputs. The rest of this lesson, the
# exercises and the grader go by output name.
#
# ## 8. Training: targets as a list, then as a dict
#
# `fit` takes the targets in the same two forms: a list in output order, or a
# dict keyed by output name. Three epochs with a list, then three more with a
# dict, continuing the same training. Accuracy is tracked for the two
# classification heads (`metrics` keyed by name as well).

# %%
keras.utils.set_random_seed(1)
small = build_social_model(vocab_size=VOCAB_SIZE, num_income_groups=NUM_INCOME_GROUPS)
small.compile(
    optimizer="rmsprop",
    loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
    loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    metrics={"income": ["accuracy"], "gender": ["accuracy"]},
)
before = small.evaluate(val_posts, val_targets, batch_size=20, verbose=0, return_dict=True)
list_history = small.fit(
    train_posts,
    train_targets,
    validation_data=(val_posts, val_targets),
    epochs=3,
    batch_size=20,
    verbose=0,
)
train_by_name = dict(zip(["age", "income", "gender"], train_targets, strict=True))
val_by_name = dict(zip(["age", "income", "gender"], val_targets, strict=True))
dict_history = small.fit(
    train_posts,
    train_by_name,
    validation_data=(val_posts, val_by_name),
    epochs=3,
    batch_size=20,
    verbose=0,
)
history = {key: list_history.history[key] + dict_history.history[key] for key in before}
val_history = {
    key: [before[key]] + list_history.history["val_" + key] + dict_history.history["val_" + key]
    for key in before
}
print("validation loss, epochs 0-6:", np.round(val_history["loss"], 2))
# Plain RMSprop can jump on any one epoch (on one seed the last epoch went from
# 1.2 back to 8.1), so the check is on the best epoch. Over 30 runs (10 seeds
# in a plain kernel, 20 with oneDNN off) it reached 0.10-0.18 of the start.
best = min(val_history["loss"][1:])
assert best < 0.4 * val_history["loss"][0], (
    f"the validation loss should fall below 40 % of {val_history['loss'][0]:.2f} "
    f"in six epochs; its best was {best:.2f}"
)

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), layout="constrained")
epochs = np.arange(len(val_history["loss"]))  # 0 = before training
for name in ["age", "income", "gender"]:
    axes[0].plot(epochs, val_history[f"{name}_loss"], "o-", label=name)
axes[0].set(title="validation loss per head (unweighted)", xlabel="epoch", yscale="log")
for name in ["income", "gender"]:
    axes[1].plot(epochs, val_history[f"{name}_accuracy"], "o-", label=name)
axes[1].axhline(0.1, color="grey", ls=":", label="income by chance")
axes[1].set(title="validation accuracy", xlabel="epoch", ylim=(0, 1.05))
axes[2].plot(epochs[1:], history["loss"], "o-", label="training (mean over the epoch)")
axes[2].plot(epochs, val_history["loss"], "o-", label="validation")
axes[2].set(title="total (weighted) loss", xlabel="epoch")
for ax in axes:
    ax.axvline(3.5, color="grey", lw=0.8)
    ax.legend(fontsize="small")
fig.suptitle("Three heads, one trunk: list targets for epochs 1–3, dict targets for 4–6")
plt.show()

# %%
age_pred, income_pred, gender_pred = small.predict(val_posts, verbose=0)
age_error = np.mean(np.abs(age_pred[:, 0] * 15 + 44 - age_years[:n_val]))
income_accuracy = np.mean(income_pred.argmax(axis=1) == income_groups[:n_val])
gender_accuracy = np.mean((gender_pred[:, 0] > 0.5) == gender_targets[:n_val])
print(f"age: mean absolute error {age_error:.1f} years (predicting 44 for everyone: 13)")
print(f"income: accuracy {income_accuracy:.2f} (chance 0.10)")
print(f"gender: accuracy {gender_accuracy:.2f} (chance 0.50)")

# %% [markdown]
# The heads learn at different speeds: gender (two words, weighted ×10) almost
# at once, income (ten words) over several epochs, age slowest and most
# noisily (plain RMSprop on an MSE jumps around); after six epochs its error
# may still be no better than guessing 44 for everyone. The jumps are real: from
# another seed, or even from the same seed on another machine, one epoch can
# send the validation loss most of the way back up. Judge training by the
# whole curve, not by its last point.
#
# Why the "paragraphs"? A first version of this corpus scattered the telling
# words of all three targets over the whole post. Then only one head learned
# (usually gender, weighted ×10) and the other two stayed at chance for as many
# epochs as we tried. A likely cause is max pooling: its gradient flows only
# through the largest value of each window, so once the trunk responds
# strongly to gender words, the windows they share with income or age words
# pass no gradient to those. With the three kinds of words in separate parts
# of the post they do not compete for the same windows. Multi-task training
# is not automatic: the heads share, and can starve, one trunk.
#
# ## Summary
#
# - A multi-output model is one `keras.Model(inputs, [out_1, out_2, ...])`:
#   a shared trunk and one head per prediction, each named.
# - `compile` takes one loss per head (a list by position, a dict by name) and
#   optional `loss_weights`; the training loss is
#   $\sum_k w_k \, \text{loss}_k$, and `evaluate` reports each unweighted
#   `name_loss` beside the total.
# - Loss weights rebalance losses of different scales (MSE vs cross-entropy);
#   standardising regression targets helps first.
# - Key losses, weights, metrics and targets by output name: a dict-output
#   model orders its outputs by name, and a loss list then reaches the wrong
#   heads.
# - Errata of the source: `Embedding(vocabulary_size, 256)`;
#   `'binary_crossentropy'`; the same age loss in both forms; posts of at
#   least 269 tokens. And income targets must be real one-hot rows.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("02_multi_output")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_2`](../course/assignments/functional_api_2.py):
#   build the three-head model (`social_model`) and compile it with its
#   losses and loss weights (`social_compile`).
# - [Assignment `functional_api_6`](../course/assignments/functional_api_6.py),
#   debugging: its `social_compile` cell starts from the source's `compile`
#   calls, errata included.
#
# Next: [Lesson 3 — Inception modules](03_inception.py): branches that split
# and merge again.
