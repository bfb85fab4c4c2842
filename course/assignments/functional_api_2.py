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
# # Assignment 2 — A model with three outputs
#
# Lesson 2 (`notebooks/02_multi_output.py`) teaches everything you need here.
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
# ## Exercise 1 — a three-head model (3 points)
#
# Write `build_social_model(vocab_size=50000, num_income_groups=10)`: one
# integer input of shape `(None,)` (posts of any length) → `Embedding(vocab_size, 256)`
# → `Conv1D(128, 5, relu)` → `MaxPooling1D(5)` → `Conv1D(256, 5, relu)` →
# `Conv1D(256, 5, relu)` → `MaxPooling1D(5)` → `Conv1D(256, 5, relu)` →
# `Conv1D(256, 5, relu)` → `GlobalAveragePooling1D()` → `Dense(128, relu)`, then
# three outputs **named** `age` (`Dense(1)`, linear), `income`
# (`Dense(num_income_groups, softmax)`) and `gender` (`Dense(1, sigmoid)`), in
# the order `[age, income, gender]`. With the defaults it has **14,146,316**
# parameters and works on posts of 500 tokens. Careful: the source text swaps
# `Embedding`'s arguments, and the printed book pools with the maximum, which
# computes something else.

# %% tags=["answer:social_model"]
# solution: social_model

# %% [markdown]
# Try it here (this cell is not graded):

# %%
model = build_social_model()
print(model.output_names, model.count_params())

# %% tags=["tests:social_model:structure:1"]
# Visible checks: builds, functional, one input (None, None), outputs age/income/gender with their shapes, 14,146,316 parameters.
from autograder.notebook import check

check("social_model", "visible")

# %% tags=["tests:social_model:behaviour:2"]
# Hidden checks: names and order of the outputs, activations, the convolution stack, other sizes, 500-token posts.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("social_model", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — per-output losses and loss weights (3 points)
#
# Write `compile_social_model(model)`: compile the model **in place** (return
# nothing) with the `rmsprop` optimizer, the losses `age` → mean squared error,
# `income` → categorical crossentropy (one-hot targets), `gender` → binary
# crossentropy, and the loss weights `age` 0.25, `income` 1, `gender` 10. Key
# losses and weights by output name, or list them in the model's output
# order. The source text misspells one loss and uses `'mae'` for age in its
# list form: see the errata.

# %% tags=["answer:social_compile"]
# solution: social_compile

# %% tags=["tests:social_compile:structure:1"]
# Visible checks: the model is compiled in place with RMSprop and three losses.
from autograder.notebook import check

check("social_compile", "visible")

# %% tags=["tests:social_compile:behaviour:2"]
# Hidden checks: each head's loss and weight, and the total loss on a fixed batch.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("social_compile", "hidden")
### END HIDDEN TESTS
