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
# # Assignment 1 — Functional models with one and two inputs
#
# Lesson 1 (`notebooks/01_sequential_vs_functional.py`) teaches everything you
# need here. Write each function in its answer cell, in place of
# `raise NotImplementedError()`, then run the test cell below it: it checks
# your function the way the grader will and tells you what to look at if
# something is off. Some checks are hidden and run only when your work is
# graded; they follow the exercise text, so read it closely.
#
# Return **functional** models (`keras.Model(inputs, outputs)`), not
# `Sequential` ones, and use only built-in Keras layers.

# %% tags=["locked"]
import keras
import numpy as np
from keras import layers

# %% [markdown] tags=["locked"]
# ## Exercise 1 — the functional twin of a Sequential model (3 points)
#
# Write `build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10)`:
# an input of `input_dim` features, two `Dense(hidden_units, activation="relu")`
# layers and a `Dense(num_classes, activation="softmax")` output. With the
# defaults the model has input shape `(None, 64)`, output shape `(None, 10)` and
# **3,466** parameters, like its `Sequential` twin. Use the arguments: the
# grader also builds the model with other sizes, and trains it on handwritten
# digits.

# %% tags=["answer:functional_mlp"]
# solution: functional_mlp

# %% [markdown]
# Try your model here (this cell is not graded):

# %%
model = build_functional_mlp()
model.summary()

# %% tags=["tests:functional_mlp:structure:1"]
# Visible checks: builds, is a functional model, input (None, 64), output (None, 10), 3,466 parameters.
from autograder.notebook import check

check("functional_mlp", "visible")

# %% tags=["tests:functional_mlp:behaviour:2"]
# Hidden checks: other argument values, layers and activations, training on digits.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("functional_mlp", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — a question-answering model with two inputs (3 points)
#
# Write `build_qa_model(text_vocab_size=10000, question_vocab_size=10000,
# answer_vocab_size=500)`:
#
# - an integer input named `text` of shape `(None,)` (any length) →
#   `Embedding(text_vocab_size, 64)` → `LSTM(32)`;
# - an integer input named `question` of shape `(None,)` →
#   `Embedding(question_vocab_size, 32)` → `LSTM(16)`;
# - the two encodings concatenated, in the order `[text, question]`;
# - `Dense(answer_vocab_size, activation="softmax")`.
#
# Pass the inputs to `keras.Model` as the list `[text, question]`, so that the
# model can be fed with a list or with a dict keyed by input name. With the
# defaults it has **1,000,052** parameters. Careful: the source text writes
# `Embedding(64, text_vocabulary_size)` — see the errata in Lesson 1.

# %% tags=["answer:qa_model"]
# solution: qa_model

# %% [markdown]
# Try your model here (this cell is not graded):

# %%
model = build_qa_model()
model.summary()

# %% tags=["tests:qa_model:structure:1"]
# Visible checks: builds, is a functional model, inputs `text` and `question` of shape (None, None),
# output (None, 500), 1,000,052 parameters.
from autograder.notebook import check

check("qa_model", "visible")

# %% tags=["tests:qa_model:behaviour:2"]
# Hidden checks: integer inputs, other sizes, wiring of the two branches, softmax output,
# training with a list and with a dict of inputs.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("qa_model", "hidden")
### END HIDDEN TESTS
