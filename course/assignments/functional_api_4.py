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
# # Assignment 4 — Layer sharing and models as layers
#
# Lessons 5 and 6 (`notebooks/05_layer_sharing.py`, `notebooks/06_models_as_layers.py`) teach everything you need here.
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
# ## Exercise 1 — one LSTM for two inputs (3 points)
#
# Write `build_shared_lstm_model(units=32, feature_dim=128)`: two inputs of
# shape `(None, feature_dim)` (sequences of any length), **one** `LSTM(units)`
# layer applied to both, the two outputs concatenated in the order
# `[left, right]`, and `Dense(1, activation="sigmoid")`. With the defaults the
# model has **20,673** parameters (two separate LSTMs would give 41,281).
# Lesson 5 (`notebooks/05_layer_sharing.py`) builds this model.

# %% tags=["answer:shared_lstm"]
# solution: shared_lstm

# %% [markdown]
# Try it here (this cell is not graded):

# %%
model = build_shared_lstm_model()
print(model.count_params())

# %% tags=["tests:shared_lstm:structure:1"]
# Visible checks: builds, functional, two inputs (None, None, 128), output (None, 1), 20,673 parameters.
from autograder.notebook import check

check("shared_lstm", "visible")

# %% tags=["tests:shared_lstm:behaviour:2"]
# Hidden checks: one LSTM called on both inputs, order of the concatenation, sigmoid output, other sizes.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("shared_lstm", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — a model used as a layer (3 points)
#
# Write `build_siamese_model(base_model, input_shape=(250, 250, 3))`: two
# inputs of `input_shape`, the **given** `base_model` called on both (the same
# weights: no copy, no new model), the two feature maps concatenated on the
# last axis. With `keras.applications.Xception(weights=None, include_top=False)`
# as the base, the output is `(None, 8, 8, 4096)` and the model has the base's
# **20,861,480** parameters. The source text overwrites one of its inputs:
# see the errata. Lesson 6 (`notebooks/06_models_as_layers.py`) builds this model.

# %% tags=["answer:siamese"]
# solution: siamese

# %% tags=["tests:siamese:structure:1"]
# Visible checks: builds with a small base, output shape, parameters equal to the base's.
from autograder.notebook import check

check("siamese", "visible")

# %% tags=["tests:siamese:behaviour:2"]
# Hidden checks: the given base used on both inputs (same weights), concatenation axis and order, Xception sizes, other input shapes.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("siamese", "hidden")
### END HIDDEN TESTS
