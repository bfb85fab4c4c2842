# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["locked"]
# # Assignment 5 — Putting it together
#
# The first four assignments rebuild the source text's examples. These three
# exercises ask you to use the same ideas on models the lessons did not type
# out for you: reading a trained model's inner activations (Lesson 7,
# `notebooks/07_putting_it_together.py`), designing a small residual network
# of your own (Lesson 4, `notebooks/04_residual.py`), and a capstone model with
# several inputs, several outputs, a shared layer and a skip connection
# (Lessons 1–5 and 7).
# Write each function in its answer cell, in place of
# `raise NotImplementedError()`, then run the test cell below it: it checks
# your function the way the grader will and tells you what to look at if
# something is off. Some checks are hidden and run only when your work is
# graded; they follow the exercise text, so read it closely. Use only
# built-in Keras layers and `keras.ops`.

# %% tags=["locked"]
import keras
import numpy as np
from keras import layers

# %% [markdown] tags=["locked"]
# ## Exercise 1 — a feature extractor (3 points)
#
# Write `build_feature_extractor(model, layer_names)`. `model` is a trained
# functional model with one input or several; `layer_names` lists names of
# its layers. Return a `keras.Model` that starts from `model`'s own input
# tensors (`model.inputs`, in order) and returns the outputs of the named
# layers as a list, in the order of `layer_names` (a list of one for a single
# name). Reuse the layers: no copy, no new `keras.Input`, no new weights.
# Leave `model` as it was: do not change `trainable` and do not call its
# layers again. Lesson 7 (`notebooks/07_putting_it_together.py`, "Feature
# extraction") shows the idea for one layer.

# %% tags=["answer:feature_extractor"]
# solution: feature_extractor

# %% tags=["tests:feature_extractor:structure:1"]
# Visible checks: builds, functional, the given model's own inputs, outputs of the named layers.
from autograder.notebook import check

check("feature_extractor", "visible")

# %% tags=["tests:feature_extractor:behaviour:2"]
# Hidden checks: no new weights, activations equal the named layers', one name, a two-input model, the given model left unchanged.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("feature_extractor", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — design a small residual network (4 points)
#
# Design `build_small_resnet(input_shape=(8, 8, 1), num_classes=10)`, a
# classifier for 8x8 grey images. Any architecture passes that meets all of
# these (Lesson 4, `notebooks/04_residual.py`, has the pieces):
#
# - a functional model with input `input_shape` and output
#   `(None, num_classes)` with softmax;
# - at least **two residual connections**: an add of a tensor `T` (or a 1x1
#   `Conv2D` of `T`) and a tensor computed from `T` through at least two
#   `Conv2D` layers; at least one of them **downsampling**, with a stride-2
#   1x1 projection shortcut;
# - global average pooling (`GlobalAveragePooling2D`, or `keras.ops.mean`
#   over height and width) before the classifier (a hidden `Dense` between
#   them is allowed);
# - at most **60,000 parameters** with the defaults (`count_params()`);
# - trained by the grader (Adam, learning rate 3e-3, batch 64, 15 epochs,
#   sparse categorical cross-entropy, on scikit-learn's digits scaled to
#   [0, 1]), at least **0.85** validation accuracy.
#
# `BatchNormalization` at its default momentum (0.99) does not settle in so
# short a run and stays near chance at validation: use `momentum=0.9`, or no
# batch normalisation.

# %% tags=["answer:small_resnet"]
# solution: small_resnet

# %% tags=["tests:small_resnet:structure:2"]
# Visible checks: builds, functional, input and output shapes, at most 60,000 parameters, two residual connections, one downsampling, global average pooling, softmax.
from autograder.notebook import check

check("small_resnet", "visible")

# %% tags=["tests:small_resnet:behaviour:2"]
# Hidden checks: other input shapes and class counts, training to 0.85 validation accuracy.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("small_resnet", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 3 — the capstone: a review model (4 points)
#
# Write `build_review_model(vocab_size=20000, num_topics=8)`. A review has
# a `title` and a `body` (int token ids, any length) and six float32 numbers
# `stats`; name the inputs and pass them as `[title, body, stats]`. Create
# **one** `Embedding(vocab_size, 64)` (no masking) and call it on both texts.
# Average the title's vectors (`GlobalAveragePooling1D`). Read the body with
# `Conv1D(64, 5, activation="relu")` then `GlobalMaxPooling1D`; bodies have
# at least 5 tokens. Pass `stats` through `Dense(16, activation="relu")`.
# Concatenate as `[title, body, stats]` and apply `Dense(64,
# activation="relu")` to get `h`. Add `h` and `Dense(64, activation="relu")(h)`
# (a residual connection, no activation after the sum). On that sum put the
# heads `helpful` (`Dense(1, activation="sigmoid")`) and `topic`
# (`Dense(num_topics, activation="softmax")`) and return them in that order
# (a dict keyed by these names also passes). With the defaults the model has
# **1,314,681** parameters (two embeddings would give 2,594,681). Lesson 7
# (`notebooks/07_putting_it_together.py`) builds a model of the same kind.

# %% tags=["answer:review_model"]
# solution: review_model

# %% tags=["tests:review_model:structure:1"]
# Visible checks: builds, functional, three named inputs, named outputs and their shapes, 1,314,681 parameters.
from autograder.notebook import check

check("review_model", "visible")

# %% tags=["tests:review_model:behaviour:3"]
# Hidden checks: dtypes, other sizes, concatenation order, branches, one shared Embedding, residual connection, heads, training with a list and a dict.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("review_model", "hidden")
### END HIDDEN TESTS
