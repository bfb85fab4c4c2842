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
# # Lesson 6 — Models as layers
#
# **Description:** A model can be called on tensors like a layer: nested models, the source's Siamese Xception (its bug and fix), and a small Siamese network trained on digit pairs.
#
# **Estimated time:** 25 min (about 23 min to read the text, the code and
# the self-check: 3,400 words at 150 a minute; 1 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - call a model on tensors like a layer, and predict the parameter count of
#   the model that nests it;
# - build a Siamese model from one base, and predict its output shape and
#   parameter count;
# - explain why the source's `right_input = xception_base(right_input)` breaks
#   the model, and what the same slip does with unshared branches;
# - check that a nested model is shared: the same object, its weights once,
#   two inbound nodes.

# %% [markdown]
# ## A model is a layer
#
# In Keras, `keras.Model` is a subclass of `keras.layers.Layer`. So everything
# Lesson 5 said about layers holds for whole models: you can call a model on a
# tensor, `y = model(x)`, and get a tensor back; a model with several inputs and
# outputs is called on a list and returns a list, `y1, y2 = model([x1, x2])`.
#
# Calling a model reuses its **weights**, exactly like calling a layer: no copy
# is made. The model becomes one node (a **nested model**) of the bigger graph.
# This is how a vision model's convolutional base is reused inside a new model,
# and how a Siamese network applies one whole network to two inputs.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import keras
from keras import layers
from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__)

# %% [markdown]
# ### Calling a model on a tensor
#
# A small model, then a bigger model that uses it as its first "layer".
#
# **Predict, then run.** `small` maps 8 features through `Dense(16)` to
# `Dense(4)`; `bigger` puts `Dense(1)` on `small`'s output. How many
# parameters does each have? Write both down before running the next cell.

# %%
features = keras.Input(shape=(8,), name="features")
hidden = layers.Dense(16, activation="relu", name="hidden")(features)
code = layers.Dense(4, name="code")(hidden)
small = keras.Model(features, code, name="small")

x = keras.Input(shape=(8,), name="x")
y = small(x)  # a model called on a tensor, like a layer
print("small(x):", y.shape)
prediction = layers.Dense(1, name="prediction")(y)
bigger = keras.Model(x, prediction, name="bigger")
bigger.summary()

# %% [markdown]
# `small` has $(8 \cdot 16 + 16) + (16 \cdot 4 + 4) = 144 + 68 = 212$
# parameters, and `bigger` those 212 plus $4 + 1$ for its head: 217. `small`
# is **one layer** of `bigger` (type `Functional`), and it is the very same
# object, so its weights are too: training `bigger` trains `small`.

# %%
print([layer.name for layer in bigger.layers])
assert bigger.get_layer("small") is small, "the nested model should be the same object"
assert bigger.count_params() == small.count_params() + 4 + 1, (
    "the nested model's weights should be counted once"
)
assert {id(w) for w in small.weights} <= {id(w) for w in bigger.weights}, (
    "the nested model's variables should be reused, not copied"
)  # the same variables

# %% [markdown]
# A model called on real data (an array, not a symbolic `keras.Input`) runs
# eagerly and gives what `predict` gives.

# %%
batch = np.random.default_rng(0).normal(size=(3, 8)).astype("float32")
np.testing.assert_allclose(
    keras.ops.convert_to_numpy(small(batch)), small.predict(batch, verbose=0), rtol=1e-5
)
print(small(batch).shape)

# %% [markdown]
# ### Several inputs and outputs: `y1, y2 = model([x1, x2])`

# %%
a = keras.Input(shape=(8,), name="a")
b = keras.Input(shape=(8,), name="b")
ab = layers.concatenate([a, b])
two_in_two_out = keras.Model(
    [a, b], [layers.Dense(1, name="out_1")(ab), layers.Dense(3, name="out_2")(ab)]
)

x1 = keras.Input(shape=(8,))
x2 = keras.Input(shape=(8,))
y1, y2 = two_in_two_out([x1, x2])
print(y1.shape, y2.shape)
assert (y1.shape, y2.shape) == ((None, 1), (None, 3)), f"got {y1.shape} and {y2.shape}"

# %% [markdown]
# ## The Siamese Xception of the source text
#
# The source's example: two 250 x 250 RGB images, a left and a right visual
# feed, go through one convolutional base (Xception, without its classifier
# top), and the two feature maps are concatenated: a **Siamese** vision model.
# Both images need the same visual features, so one base serves both. (The
# printed book's setting is a dual camera, two lenses a few centimetres
# apart, from whose pair of images a model could perceive depth.)
#
# The base here has random weights (`weights=None`): nothing is downloaded. In a
# real project you would pass `weights="imagenet"` to start from pretrained
# features; the graph and the parameter count are the same.

# %%
xception_base = keras.applications.Xception(weights=None, include_top=False)
print(xception_base.name, "input", xception_base.input.shape, "output", xception_base.output.shape)
print(f"{xception_base.count_params():,} parameters")
assert xception_base.count_params() == 20_861_480, (
    f"got {xception_base.count_params():,} parameters"
)

# %% [markdown]
# ### The source's listing, and why it cannot become a model
#
# The source's right branch reads `right_input = xception_base(right_input)`.
# That line *overwrites* the variable that held the right image input with the
# right image's features. Everything up to the concatenation still runs (both
# feature maps have the same shape), so the source, which stops there, never
# notices. The mistake shows when you build the model from its inputs:

# %%
left_input = keras.Input(shape=(250, 250, 3), name="left_image")
right_input = keras.Input(shape=(250, 250, 3), name="right_image")

left_features = xception_base(left_input)
right_input = xception_base(right_input)  # the source's line: features, not an input
merged_features = layers.concatenate([left_features, right_input], axis=-1)
print("right_input is now", right_input.shape, "- a feature map, not an image input")

try:
    keras.Model([left_input, right_input], merged_features)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# Why does it fail? Not because an input must be a `keras.Input`: Keras 3
# accepts an intermediate tensor in `inputs` and cuts the graph there. It
# makes a new input of the tensor's shape and, in the graph it builds, puts
# that input in place of the **layer that produced the tensor**. Here that
# layer is the shared `xception_base`, so the left branch, which goes through
# the same base, loses its way back to `left_input` too, and Keras 3 reports
# the output as "not connected to `inputs`" (Keras 2 said "Graph
# disconnected").
#
# With two **separate** layers or bases the same slip builds without a word:
# the model's second input becomes the right *feature map*, and the right
# branch's layer silently drops out of the model. A small version of it:

# %%
left_input = keras.Input(shape=(16, 16, 3), name="left_image")
right_input = keras.Input(shape=(16, 16, 3), name="right_image")
left_features = layers.Conv2D(4, 3, name="left_conv")(left_input)
right_input = layers.Conv2D(4, 3, name="right_conv")(right_input)  # the same overwrite
unshared = keras.Model(
    [left_input, right_input], layers.concatenate([left_features, right_input], axis=-1)
)
print("inputs:", [tuple(t.shape) for t in unshared.inputs])
print("layers:", [type(layer).__name__ for layer in unshared.layers])
assert unshared.inputs[1].shape == (None, 14, 14, 4), "the right input became the feature map"

# %% [markdown]
# No error, but the model now expects a `(14, 14, 4)` feature map as its
# right input, and `right_conv` is not in it: its weights would never be
# trained. Whatever the branches, the fix is the same: give the features their
# own name, so that both image inputs survive.
#
# **Predict, then run.** On a 250×250 image the base gives an 8×8 map of
# 2,048 channels. What is the shape of the fixed Siamese model's output, and
# how many parameters does it have? Write both down before running the next
# cell.

# %%
left_input = keras.Input(shape=(250, 250, 3), name="left_image")
right_input = keras.Input(shape=(250, 250, 3), name="right_image")

left_features = xception_base(left_input)
right_features = xception_base(right_input)  # the fix: a new name for the features
merged_features = layers.concatenate(
    [left_features, right_features], axis=-1, name="merged_features"
)

siamese_xception = keras.Model([left_input, right_input], merged_features, name="siamese_xception")
print("output", siamese_xception.output.shape)
assert siamese_xception.output.shape == (None, 8, 8, 4096), f"got {siamese_xception.output.shape}"
assert siamese_xception.count_params() == xception_base.count_params() == 20_861_480, (
    "the base should be counted once"
)
show_model(siamese_xception, "06_siamese_xception")

# %% [markdown]
# Where the shapes come from: Xception's entry convolutions (3 x 3, stride 2,
# then 3 x 3, both without padding) take 250 pixels to 124 and 122, and four
# stride-2 poolings to 61, 31, 16 and 8; the base ends with 2,048 channels;
# concatenating two such maps on the last axis gives `(None, 8, 8, 4096)`. The concatenation has no weights, so the model has
# exactly the base's 20,861,480 parameters. Two separate Xceptions would have
# twice as many, 41,722,960.
#
# ### One base, one set of weights
#
# The same three public checks as in Lesson 5, now for a nested model.

# %%
print([layer.name for layer in siamese_xception.layers])
assert siamese_xception.get_layer("xception") is xception_base  # the same object, not a copy

base_config = next(c for c in siamese_xception.get_config()["layers"] if c["name"] == "xception")
print(
    "xception is called on:",
    [node["args"][0]["config"]["keras_history"] for node in base_config["inbound_nodes"]],
)
assert len(base_config["inbound_nodes"]) == 2, "the base should be called twice"

print(
    len(siamese_xception.weights),
    "weight tensors in the Siamese model,",
    len(xception_base.weights),
    "in the base",
)
assert len(siamese_xception.weights) == len(xception_base.weights), (
    "the base's weights should exist once"
)

# %% [markdown]
# And the behavioural check: the same image on both sides gives two equal halves.
# Calling the model directly on arrays runs it eagerly, which for a single pair
# is quicker than `predict` (that first compiles a graph function).

# %%
image = np.random.default_rng(1).random((1, 250, 250, 3)).astype("float32")
features_pair = keras.ops.convert_to_numpy(siamese_xception([image, image], training=False))
print(features_pair.shape)
np.testing.assert_allclose(
    features_pair[..., :2048], features_pair[..., 2048:], rtol=1e-5, atol=1e-6
)

# %% [markdown]
# ## A small Siamese network that trains
#
# Xception on 250 x 250 images is too heavy to train in a lesson. The same
# pattern at a small scale: scikit-learn's 8 x 8 digit images; a pair is
# labelled 1 when both images show the same digit. The shared part is a small
# convolutional **encoder model**; the Siamese model calls it on both images.
#
# The head compares the two codes with the element-wise distance
# `abs(left_code - right_code)` and `Dense(1, sigmoid)`. As Lesson 5 showed, a
# `Dense(1)` directly on concatenated codes cannot express "same or not". The
# source's concatenation suits a task such as the printed book's depth
# estimation, where further layers (not shown in either) would combine the two
# views.

# %%
digits = load_digits()
images = (digits.images / 16.0).astype("float32")[..., None]  # (1797, 8, 8, 1), in [0, 1]
x_train, x_test, y_train, y_test = train_test_split(
    images, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
rng = np.random.default_rng(42)


def make_pairs(x, y, num_pairs):
    """Returns `(left, right, same)`: image pairs, half of them the same digit."""
    by_digit = [np.flatnonzero(y == d) for d in range(10)]
    left = rng.integers(0, len(x), num_pairs)
    same = rng.random(num_pairs) < 0.5
    other_digit = (y[left] + rng.integers(1, 10, num_pairs)) % 10
    right_digit = np.where(same, y[left], other_digit)
    right = np.array([rng.choice(by_digit[d]) for d in right_digit])
    return x[left], x[right], same.astype("float32")


left_train, right_train, same_train = make_pairs(x_train, y_train, 6000)
left_test, right_test, same_test = make_pairs(x_test, y_test, 1000)  # images never seen in training
print(left_train.shape, same_train.mean())

# %% [markdown]
# **Predict, then run.** The encoder is a 3×3 convolution with 16 filters
# (`padding="same"`) on the `(8, 8, 1)` image, 2×2 max pooling, `Flatten`,
# `Dense(64)` and `Dense(32)`. How many parameters does it have, and how many
# the Siamese model around it? Write both down before running the next cell.

# %%
keras.utils.set_random_seed(0)  # the encoder's initial weights and the training order
digit = keras.Input(shape=(8, 8, 1), name="digit")
h = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv")(digit)
h = layers.MaxPooling2D(2, name="pool")(h)
h = layers.Flatten(name="flatten")(h)
h = layers.Dense(64, activation="relu", name="hidden")(h)
digit_code = layers.Dense(32, name="code")(h)
encoder = keras.Model(digit, digit_code, name="digit_encoder")

left_digit = keras.Input(shape=(8, 8, 1), name="left")
right_digit = keras.Input(shape=(8, 8, 1), name="right")
left_code = encoder(left_digit)  # the encoder model, called like a layer ...
right_code = encoder(right_digit)  # ... twice: one set of weights
distance = keras.ops.abs(layers.subtract([left_code, right_code], name="difference"))
same_digit = layers.Dense(1, activation="sigmoid", name="same_digit")(distance)
digit_siamese = keras.Model([left_digit, right_digit], same_digit, name="digit_siamese")

digit_siamese.summary(expand_nested=True)
assert digit_siamese.count_params() == encoder.count_params() + 32 + 1, (
    "the encoder should be counted once"
)
show_model(encoder, "06_digit_encoder")

# %% [markdown]
# The convolution has $3 \cdot 3 \cdot 1 \cdot 16 + 16 = 160$ parameters;
# pooling leaves a 4×4 map of 16 channels, which `Flatten` turns into 256
# features; `Dense(64)` has $256 \cdot 64 + 64 = 16{,}448$ and `Dense(32)`
# $64 \cdot 32 + 32 = 2{,}080$: 18,688 in the encoder, counted once. The head
# reads the 32-wide distance, $32 + 1 = 33$ more: 18,721.

# %%
show_model(digit_siamese, "06_digit_siamese")

# %% [markdown]
# The `Absolute` node comes from `keras.ops.abs`: in Keras 3, `keras.ops`
# functions work on symbolic tensors and become nodes of the graph. A
# TensorFlow function such as `tf.abs` does not: `tf.keras` 2 wrapped it into a
# layer silently, Keras 3 refuses it (see the [errata](errata.md)).

# %%
import tensorflow as tf  # only to show the error

try:
    tf.abs(left_code)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
encoder_kernel_before = keras.ops.convert_to_numpy(encoder.weights[0]).copy()

digit_siamese.compile(
    optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy", metrics=["accuracy"]
)
history = digit_siamese.fit(
    [left_train, right_train],
    same_train,
    validation_data=([left_test, right_test], same_test),
    epochs=6,
    batch_size=64,
    verbose=0,
).history

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.5))
epochs = range(1, len(history["loss"]) + 1)
ax_loss.plot(epochs, history["loss"], label="train")
ax_loss.plot(epochs, history["val_loss"], "--", label="test pairs")
ax_acc.plot(epochs, history["accuracy"], label="train")
ax_acc.plot(epochs, history["val_accuracy"], "--", label="test pairs")
ax_loss.set(title="Binary cross-entropy", xlabel="epoch", xticks=list(epochs))
ax_acc.set(title="Same-digit accuracy", xlabel="epoch", xticks=list(epochs))
ax_loss.legend()
ax_acc.legend()
plt.tight_layout()
plt.show()

print("test pair accuracy:", round(history["val_accuracy"][-1], 3))
# Over 20 seeds the test pair accuracy measured 0.90-0.94; chance is 0.5.
assert history["val_accuracy"][-1] > 0.85, (
    f"the Siamese model should tell same from different digits: {history['val_accuracy'][-1]:.3f}"
)

# %% [markdown]
# Training the Siamese model trained the `encoder` object itself: it is not a
# copy inside `digit_siamese`, it *is* the nested layer.

# %%
assert digit_siamese.get_layer("digit_encoder") is encoder, (
    "the Siamese model should hold the encoder itself"
)
assert not np.allclose(encoder_kernel_before, keras.ops.convert_to_numpy(encoder.weights[0])), (
    "training the Siamese model should have changed the encoder"
)
print("encoder weights changed by fitting digit_siamese")

# %% [markdown]
# A few test pairs. Above each: the Siamese score (1 = "same digit") and, in
# brackets, the true answer.

# %%
fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
scores = digit_siamese.predict([left_test[:8], right_test[:8]], verbose=0)[:, 0]
for k in range(8):
    axes[0, k].imshow(left_test[k, :, :, 0], cmap="gray_r")
    axes[1, k].imshow(right_test[k, :, :, 0], cmap="gray_r")
    axes[0, k].set_title(f"{scores[k]:.2f} ({'same' if same_test[k] else 'diff'})", fontsize=8)
for ax in axes.ravel():
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ### One example per digit is enough to classify
#
# A trained Siamese network answers "same or not?" for any pair. Compare each
# test image with **one** reference image per digit, taken from the training
# set, and pick the digit whose reference scores highest: a classifier built
# from ten examples, without retraining (the idea of one-shot learning).

# %%
references = np.array([np.flatnonzero(y_train == d)[0] for d in range(10)])
num_test = len(x_test)
pair_scores = digit_siamese.predict(
    [np.repeat(x_test, 10, axis=0), np.tile(x_train[references], (num_test, 1, 1, 1))],
    batch_size=1024,
    verbose=0,
).reshape(num_test, 10)
one_shot_accuracy = float((pair_scores.argmax(axis=1) == y_test).mean())
print(f"accuracy with one reference image per digit: {one_shot_accuracy:.2f} (chance: 0.10)")

# %% [markdown]
# ## Summary
#
# - `keras.Model` is a `Layer`: `y = model(x)` and `y1, y2 = model([x1, x2])`
#   put a whole model into a graph as one node, with its weights (no copy).
# - The Siamese pattern: one base model, called on each input. Its parameters
#   are counted once (20,861,480 for the Xception pair).
# - The source's `right_input = xception_base(right_input)` loses the right
#   image input. Keras 3 takes the features as an input in its place, which
#   cuts the shared base out of both branches, and refuses the model with
#   "Output ... is not connected to `inputs`"; with unshared branches the same
#   slip builds a wrong model silently. Give the features their own name.
# - For "same or not" decisions, compare the two codes (distance) before the
#   last layer.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("06_models_as_layers")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_4`](../course/assignments/functional_api_4.py):
#   the Siamese model around a given base (`siamese`).
# - [Assignment `functional_api_6`](../course/assignments/functional_api_6.py),
#   debugging: its `siamese` cell starts from the source's listing, overwrite
#   included.
#
# Next: [Lesson 7](07_putting_it_together.py) combines everything in one graph.
