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
# # Assignment 3 — Inception modules and residual connections
#
# Lessons 3 and 4 (`notebooks/03_inception.py`, `notebooks/04_residual.py`) teach everything you need here.
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
# ## Exercise 1 — an Inception module (3 points)
#
# Write `inception_module(x, filters=128)`: it takes a 4-D tensor `x` and
# returns the concatenation, on the channel axis, of four branches built from
# `x`, every convolution with `activation="relu"` and `padding="same"`:
# (a) a 1×1 convolution with stride 2; (b) a 1×1 convolution, then a 3×3 with
# stride 2; (c) a 3×3 average pooling with stride 2, then a 3×3 convolution;
# (d) a 1×1 convolution, a 3×3, then a 3×3 with stride 2. Each convolution has
# `filters` filters. On a `(32, 32, 64)` input the output is
# `(None, 16, 16, 512)` and the module has **541,568** parameters.
# Lesson 3 (`notebooks/03_inception.py`) builds this module.

# %% tags=["answer:inception_module"]
# solution: inception_module

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
# Hidden checks: each branch's layers, strides and activations, branches from x, `filters` honoured.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("inception_module", "hidden")
### END HIDDEN TESTS

# %% [markdown] tags=["locked"]
# ## Exercise 2 — residual connections (3 points)
#
# Write `residual_block(x, filters=128, downsample=False)`. Without
# downsampling: three 3×3 `relu` convolutions with `padding="same"`, then the
# sum with `x` itself (an identity skip connection; `x` has `filters`
# channels). With `downsample=True`: two 3×3 `relu` `same` convolutions, a 2×2
# max pooling with stride 2, and the sum with a 1×1 convolution of `x` with
# stride 2 (a linear projection shortcut). Return the sum, with no activation
# after it. The skip connection must start at `x`. The block is tested on even
# sizes only, and the downsampling form needs them: on an odd size such as 15,
# the 2×2 pooling (no padding) gives 7 pixels and the stride-2 1×1 convolution
# 8, which cannot be added. Lesson 4 (`notebooks/04_residual.py`) builds both
# forms.

# %% tags=["answer:residual_block"]
# solution: residual_block

# %% [markdown]
# Try it here (this cell is not graded):

# %%
x = keras.Input(shape=(32, 32, 128))
print(residual_block(x).shape, residual_block(x, downsample=True).shape)

# %% tags=["tests:residual_block:structure:1"]
# Visible checks: returns a tensor built from x, output shapes and parameter counts for both forms.
from autograder.notebook import check

check("residual_block", "visible")

# %% tags=["tests:residual_block:behaviour:2"]
# Hidden checks: where the skip connection starts, the projection shortcut, activations, other sizes.
### BEGIN HIDDEN TESTS
from autograder.notebook import check

check("residual_block", "hidden")
### END HIDDEN TESTS
