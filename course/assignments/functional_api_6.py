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
# # Assignment 6 — Debugging the source text's code
#
# Each answer cell below already holds code: the source text's own listing for
# a model of Lessons 1, 2, 3 and 6, typed in as printed, mistakes included. It
# does not do what the exercise asks. Run the test cell below it first: the
# failed check says what was expected, what the code gave, and which mistake of
# the source text still bites. Then fix the code **in its answer cell** and run
# the test cell again, until every check passes. Some checks are hidden and
# run only when your work is graded; they follow the exercise text, so read it
# closely. Change what is wrong and keep what is right: the lessons and the
# errata page (`notebooks/errata.md`) explain each mistake.

# %% tags=["locked"]
import keras
import numpy as np
from keras import layers

# %% [markdown] tags=["locked"]
# ## Exercise 1 — the question-answering model (3 points)
#
# `build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500)`
# must return a functional model with two integer inputs named `text` and
# `question`, of shape `(None,)` (sequences of any length), passed to
# `keras.Model` as `[text, question]`; the text goes through an embedding of
# 64-dimensional vectors and `LSTM(32)`, the question through an embedding of
# 32-dimensional vectors and `LSTM(16)`; the two codes are concatenated in
# that order and end in `Dense(answer_vocab_size, activation="softmax")`. With
# the defaults the model has **1,000,052** parameters; the grader also builds
# it with other vocabulary sizes and trains it.

# %% tags=["answer:qa_model"]
# buggy: qa_model

# %% [markdown]
# Try it here (this cell is not graded):

# %%
model = build_qa_model()
print(model.count_params())

# %% tags=["tests:qa_model:structure:1"]
# Visible checks: builds, functional, inputs text and question (None, None), output (None, 500), 1,000,052 parameters.
from autograder.notebook import check

check("qa_model", "visible")

# %% tags=["tests:qa_model:behaviour:2"]
# Hidden checks: integer inputs, other sizes, the wiring of both branches, softmax output, training with a list and a dict.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("qa_model", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — compiling the three-head model (3 points)
#
# `compile_social_model(model)` receives the three-head model of Lesson 2
# (outputs `age`, `income` and `gender`) and must compile it **in place**
# (returning nothing) with the `rmsprop` optimizer and, per output: `age`
# mean squared error with weight 0.25, `income` categorical crossentropy
# (one-hot targets) with weight 1, `gender` binary crossentropy with weight
# 10.

# %% tags=["answer:social_compile"]
# buggy: social_compile

# %% tags=["tests:social_compile:structure:1"]
# Visible checks: the model is compiled in place with RMSprop and three losses Keras knows, and the total loss.
from autograder.notebook import check

check("social_compile", "visible")

# %% tags=["tests:social_compile:behaviour:2"]
# Hidden checks: each head's loss and weight.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("social_compile", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 3 — the Inception module (3 points)
#
# `inception_module(x, filters=128)` takes a 4-D tensor `x` and must return
# the concatenation, on the channel axis, of four branches built from `x`:
# (a) a 1×1 convolution with stride 2; (b) a 1×1 convolution, then a 3×3 with
# stride 2; (c) a 3×3 average pooling with stride 2, then a 3×3 convolution;
# (d) a 1×1 convolution, a 3×3, then a 3×3 with stride 2. Every convolution
# has `filters` filters and `activation="relu"`, and every layer keeps the
# size its strides give (`padding="same"`). On a `(32, 32, 64)` input the
# output is `(None, 16, 16, 512)` and the module has **541,568** parameters.

# %% tags=["answer:inception_module"]
# buggy: inception_module

# %% [markdown]
# Try it here (this cell is not graded):

# %%
x = keras.Input(shape=(32, 32, 64))
print(inception_module(x).shape)

# %% tags=["tests:inception_module:structure:1"]
# Visible checks: returns a tensor built from x, output (None, 16, 16, 512) on (32, 32, 64), 541,568 parameters.
from autograder.notebook import check

check("inception_module", "visible")

# %% tags=["tests:inception_module:behaviour:2"]
# Hidden checks: other sizes, every branch starts from x, the layers of each branch, relu activations.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("inception_module", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 4 — the Siamese model (3 points)
#
# `build_siamese_model(base_model, input_shape=(250, 250, 3))` must return a
# functional model with two inputs of `input_shape`, the **given**
# `base_model` called on both (the same weights: no copy, no new model), and
# the two feature maps concatenated on the last axis in the order
# `[left, right]`. With `keras.applications.Xception(weights=None,
# include_top=False)` as the base, the output is `(None, 8, 8, 4096)` and the
# model has the base's **20,861,480** parameters.

# %% tags=["answer:siamese"]
# buggy: siamese

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
