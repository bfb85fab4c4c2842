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
# # Lesson 7 — Putting it together
#
# **Description:** One small graph with several inputs and outputs, a shared layer and a residual block; feature extraction from its inner layers; and a recap of what the functional API can express that `Sequential` cannot.
#
# **Estimated time:** 20 min (about 18 min to read the text, the code and
# the self-check: 2,700 words at 150 a minute; 1 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - build one graph with several inputs, several named outputs, a shared layer
#   and a residual block, and predict its parameter count;
# - compile and fit it with losses, loss weights, metrics and targets keyed by
#   output name;
# - extract features from inner layers with
#   `keras.Model(model.inputs, layer.output)`, and predict their shapes;
# - reach the right call of a shared layer (its `output` is the first call's).

# %% [markdown]
# ## The task
#
# A help desk receives support tickets. Each ticket has a **title** and a
# **body** (both token sequences of any length) and four numbers about the
# customer (**meta**: a VIP flag and three other account features). The model
# predicts two things at once:
#
# - `priority`: is the ticket urgent? (binary)
# - `department`: which of four teams should handle it? (4 classes)
#
# The graph uses every idea of the earlier lessons:
#
# | Idea | Here | Lesson |
# | --- | --- | --- |
# | several inputs | `title`, `body`, `meta` | [1](01_sequential_vs_functional.py) |
# | several outputs, each with its own loss | `priority`, `department` | [2](02_multi_output.py) |
# | residual (skip) connection | a two-convolution block on the body, added to its input | [4](04_residual.py) |
# | a shared layer | one `Embedding` for title and body: same vocabulary, same word vectors | [5](05_layer_sharing.py) |
# | feature extraction | a model from the inputs to an inner layer | this lesson |

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.decomposition import PCA

import keras
from keras import layers
from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__)

# %% [markdown]
# ## The model
#
# **Predict, then run.** With a vocabulary of 1,000 ids, 32-dimensional word
# vectors, `Conv1D(32, 3)` layers, `Dense(64)` on the joined features (32 from
# the title, 32 from the body, 4 meta numbers) and heads of 1 and 4 units: how
# many parameters does each layer with weights have, and the model? Write
# them down before running the next cell.

# %%
vocab_size, embed_dim, num_departments, num_meta = 1000, 32, 4, 4

title = keras.Input(shape=(None,), dtype="int32", name="title")
body = keras.Input(shape=(None,), dtype="int32", name="body")
meta = keras.Input(shape=(num_meta,), name="meta")

# A shared layer: one embedding table for both texts.
embedding = layers.Embedding(vocab_size, embed_dim, name="shared_embedding")
title_vectors = embedding(title)
body_vectors = embedding(body)

# A residual block on the body: two convolutions, then the identity skip.
y = layers.Conv1D(embed_dim, 3, padding="same", activation="relu", name="body_conv_1")(body_vectors)
y = layers.Conv1D(embed_dim, 3, padding="same", name="body_conv_2")(y)
body_features = layers.add([y, body_vectors], name="body_residual")

title_code = layers.GlobalAveragePooling1D(name="title_pool")(title_vectors)
body_code = layers.GlobalMaxPooling1D(name="body_pool")(body_features)
joint = layers.concatenate([title_code, body_code, meta], name="joint")
joint_features = layers.Dense(64, activation="relu", name="joint_features")(joint)

# Two heads, named: the names key the losses, targets and metrics.
priority = layers.Dense(1, activation="sigmoid", name="priority")(joint_features)
department = layers.Dense(num_departments, activation="softmax", name="department")(joint_features)

model = keras.Model([title, body, meta], [priority, department], name="ticket_model")
model.summary()

# %% [markdown]
# The parameter count, layer by layer. The embedding is counted once although
# it is used twice; the skip connection (`add`) and the poolings have no
# weights.

# %%
expected = {
    "shared_embedding": vocab_size * embed_dim,  # 32,000
    "body_conv_1": 3 * embed_dim * embed_dim + embed_dim,  # 3,104
    "body_conv_2": 3 * embed_dim * embed_dim + embed_dim,  # 3,104
    "joint_features": (2 * embed_dim + num_meta) * 64 + 64,  # 4,416
    "priority": 64 + 1,
    "department": 64 * num_departments + num_departments,
}
for name, count in expected.items():
    assert model.get_layer(name).count_params() == count, name
assert model.count_params() == sum(expected.values()) == 42_949, (
    f"expected 42,949 parameters, got {model.count_params():,}"
)
print(f"{model.count_params():,} parameters; outputs {model.output_names}")
show_model(model, "07_ticket_model")

# %% [markdown]
# In the diagram: three inputs at the top; `shared_embedding` fed by both
# `title` and `body`; the skip connection from `shared_embedding` around the
# two convolutions into `body_residual`; two heads at the bottom.
#
# As in Lesson 5, the functional config confirms the sharing: the embedding
# has two inbound nodes, one per text.

# %%
layer_configs = {layer["name"]: layer for layer in model.get_config()["layers"]}
embedding_nodes = layer_configs["shared_embedding"]["inbound_nodes"]
print(
    "shared_embedding is called on:",
    [n["args"][0]["config"]["keras_history"][0] for n in embedding_nodes],
)
assert len(embedding_nodes) == 2, "the embedding should be called on title and body"

residual_args = layer_configs["body_residual"]["inbound_nodes"][0]["args"][0]
print("body_residual adds:", [t["config"]["keras_history"] for t in residual_args])

# %% [markdown]
# `body_residual` adds `body_conv_2`'s output to `shared_embedding`'s output
# of **node 1**, its second call: the body's word vectors. That is the skip.
#
# ## Synthetic tickets
#
# Tokens 1-4 are "urgent" words; each department has its own 20 keywords
# (tokens 10-89); everything else is filler (tokens 100-999). A ticket's body
# holds three keywords of its department among 37 fillers; its title holds one
# keyword and, for a quarter of tickets, an urgent word. A ticket is urgent when
# its title has an urgent word **or** the customer is a VIP (`meta[:, 0]`).

# %%
rng = np.random.default_rng(42)
title_len, body_len = 8, 40


def make_tickets(num_tickets):
    """Returns `(inputs, targets)` as dicts keyed by input and output names."""
    dept = rng.integers(0, num_departments, num_tickets)
    keywords = 10 + 20 * dept[:, None] + rng.integers(0, 20, (num_tickets, 4))

    body_tokens = rng.integers(100, vocab_size, (num_tickets, body_len))
    title_tokens = rng.integers(100, vocab_size, (num_tickets, title_len))
    for k in range(num_tickets):
        body_tokens[k, rng.choice(body_len, 3, replace=False)] = keywords[k, :3]
        title_tokens[k, rng.integers(title_len)] = keywords[k, 3]
    urgent_word = rng.random(num_tickets) < 0.25
    title_tokens[urgent_word, 0] = rng.integers(1, 5, urgent_word.sum())

    meta_values = rng.normal(size=(num_tickets, num_meta)).astype("float32")
    vip = rng.random(num_tickets) < 0.2
    meta_values[:, 0] = vip
    inputs = {"title": title_tokens, "body": body_tokens, "meta": meta_values}
    targets = {"priority": (urgent_word | vip).astype("float32"), "department": dept}
    return inputs, targets


train_inputs, train_targets = make_tickets(3000)
val_inputs, val_targets = make_tickets(600)
print({name: value.shape for name, value in train_inputs.items()})
print("urgent share:", train_targets["priority"].mean().round(2))

# %% [markdown]
# ## Compiling and fitting by output name
#
# Losses, loss weights and metrics are dicts keyed by the output layers'
# names, and so are the targets; the inputs are a dict keyed by the
# `keras.Input` names. Names never depend on the order in which outputs were
# listed. `department` targets are class indices, hence the *sparse*
# categorical cross-entropy.

# %%
model.compile(
    optimizer=keras.optimizers.Adam(3e-3),
    loss={"priority": "binary_crossentropy", "department": "sparse_categorical_crossentropy"},
    loss_weights={"priority": 1.0, "department": 1.0},
    metrics={"priority": ["accuracy"], "department": ["accuracy"]},
)
history = model.fit(
    train_inputs,
    train_targets,
    validation_data=(val_inputs, val_targets),
    epochs=5,
    batch_size=64,
    verbose=0,
).history
print(sorted(history))

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
epochs = range(1, len(history["loss"]) + 1)
for ax, key in zip(axes, ["loss", "priority_loss", "department_loss"], strict=True):
    ax.plot(epochs, history[key], label="train")
    ax.plot(epochs, history[f"val_{key}"], "--", label="validation")
    ax.set(title=key, xlabel="epoch", xticks=list(epochs))
    ax.legend()
plt.tight_layout()
plt.show()

for head in ["priority", "department"]:
    print(f"{head:10} validation accuracy: {history[f'val_{head}_accuracy'][-1]:.2f}")
# Over 20 seeds both heads measured 0.987-1.000; the checks leave a margin.
for head in ["priority", "department"]:
    accuracy = history[f"val_{head}_accuracy"][-1]
    assert accuracy > 0.9, f"the {head} head should exceed 0.9 on validation: {accuracy:.2f}"

# %% [markdown]
# The `loss` Keras minimises is the weighted sum of the heads' losses, here
# `1 * priority_loss + 1 * department_loss`. The epoch averages in `history`
# match that sum to a fraction of a percent (the total and the per-head values
# are averaged over batches separately).

# %%
last = {key: history[key][-1] for key in ["val_loss", "val_priority_loss", "val_department_loss"]}
print(last)
np.testing.assert_allclose(
    last["val_loss"], last["val_priority_loss"] + last["val_department_loss"], rtol=1e-2, atol=1e-3
)

# %% [markdown]
# ## Feature extraction
#
# Every layer's output in the graph is a tensor you can make the output of a
# **new** model with the same inputs:
# `keras.Model(model.inputs, model.get_layer(name).output)`. The new model
# shares the layers, and so the trained weights, of the original: nothing is
# copied or retrained. This is **feature extraction**: the 64 numbers of
# `joint_features` are a learned description of a ticket.

# %%
extractor = keras.Model(
    model.inputs, model.get_layer("joint_features").output, name="ticket_features"
)
ticket_features = extractor.predict(val_inputs, verbose=0)
print(ticket_features.shape)
assert ticket_features.shape == (600, 64), f"got {ticket_features.shape}"
assert extractor.get_layer("joint_features") is model.get_layer("joint_features"), (
    "the extractor should share the trained layer"
)
show_model(extractor, "07_feature_extractor")

# %% [markdown]
# The extractor's diagram is the ticket model without its two heads. A
# two-dimensional PCA of its features, coloured by department, shows that the
# model has learned to separate the teams in its inner representation.

# %%
projected = PCA(n_components=2).fit_transform(ticket_features)
fig, ax = plt.subplots(figsize=(5, 4))
points = ax.scatter(
    projected[:, 0], projected[:, 1], c=val_targets["department"], cmap="tab10", s=8, vmax=9
)
ax.set(title="joint_features, PCA", xlabel="component 1", ylabel="component 2")
ax.legend(*points.legend_elements(), title="department", fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# An extractor may have several outputs, from any depth. Here: the body after
# the residual block and the joint features.
#
# **Predict, then run.** On the 600 validation tickets (bodies of 40 tokens),
# what shapes do the two outputs have? Write both down before running the
# next cell.

# %%
multi_extractor = keras.Model(
    model.inputs,
    [model.get_layer("body_residual").output, model.get_layer("joint_features").output],
)
token_features, joint_values = multi_extractor.predict(val_inputs, verbose=0)
print(token_features.shape, joint_values.shape)
assert token_features.shape == (600, body_len, embed_dim), f"got {token_features.shape}"
assert joint_values.shape == (600, 64), (
    f"expected one 64-vector per ticket, got {joint_values.shape}"
)

# %% [markdown]
# `(600, 40, 32)`: the residual block keeps the body's shape, one 32-vector
# per token (its convolutions use `padding="same"` and 32 filters, so the sum
# is possible). `(600, 64)`: one 64-vector per ticket, as before.

# %% [markdown]
# ### A trap with shared layers
#
# `get_layer(name).output` is the output of the layer's **first** call (Keras 3;
# Keras 2 raised an error for a layer with several inbound nodes). For
# `shared_embedding` that is the **title**'s vectors, not the body's, and the
# shape `(None, None, 32)` does not tell them apart.

# %%
first_call = keras.Model(model.inputs, model.get_layer("shared_embedding").output)
print(first_call.output.shape)
vectors = first_call.predict(val_inputs, verbose=0)
print("same length as the title:", vectors.shape[1] == title_len)
assert vectors.shape[1] == title_len, (
    "layer.output of the shared embedding is its first call: the title"
)

# %% [markdown]
# To reach the body's vectors, take the tensor from the layer that consumes it
# (`model.get_layer("body_conv_1").input`), or keep the Python variable
# (`body_vectors`) from when the graph was built.

# %%
body_embedding = keras.Model(model.inputs, model.get_layer("body_conv_1").input)
assert model.get_layer("body_conv_1").input is body_vectors, (
    "body_conv_1 should read the body's vectors"
)
vectors = body_embedding.predict(val_inputs, verbose=0)
print(vectors.shape)
assert vectors.shape[1] == body_len, "the body's vectors should have the body's length"

# %% [markdown]
# ### Two Keras 2 habits
#
# Keras 2 code often reads an inner layer's shape with `layer.output_shape`,
# and gives `Embedding` an `input_length`. In Keras 3 the first is gone (models
# keep `model.output_shape`, layers do not: use `layer.output.shape`), and the
# second is ignored with a warning (the length belongs to the input's shape,
# here `(None,)`: any length).

# %%
joint_layer = model.get_layer("joint_features")
try:
    print(joint_layer.output_shape)  # Keras 2 habit
except AttributeError as error:
    print(f"AttributeError: {error}")
print("joint_features output:", joint_layer.output.shape, "| model outputs:", model.output_shape)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    layers.Embedding(vocab_size, embed_dim, input_length=body_len)
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

# %% [markdown]
# ## Recap: what the functional API can express
#
# | The model needs | `Sequential` | Functional API | Lesson |
# | --- | --- | --- | --- |
# | one input, one output, a plain stack of layers | yes | yes | [1](01_sequential_vs_functional.py) |
# | several inputs | no | yes: `keras.Model([a, b], ...)` | [1](01_sequential_vs_functional.py) |
# | several outputs, each with its own loss and loss weight | no | yes: losses keyed by output name | [2](02_multi_output.py) |
# | branches that split and merge again (Inception module) | no | yes: `concatenate` of branches | [3](03_inception.py) |
# | a residual (skip) connection | no | yes: `add([y, x])` | [4](04_residual.py) |
# | one layer applied to different inputs (weight sharing) | no (only the same layer repeated in the one stack) | yes: call the layer on each tensor | [5](05_layer_sharing.py) |
# | a model used as a layer | only as one step of the stack | yes: call it on any tensors, as often as needed (Siamese networks) | [6](06_models_as_layers.py) |
# | feature extraction from inner layers | yes (a built `Sequential` model also has `inputs` and layer outputs) | yes: `keras.Model(model.inputs, model.get_layer(name).output)` | 7 |
#
# Every model of these lessons is a **directed acyclic graph** of layers:
# tensors flow from inputs to outputs, may split, merge, skip ahead or pass
# through the same layer more than once, but never loop back. (A loop in
# time, as in an LSTM, lives *inside* a layer.)
#
# The [errata](errata.md) page lists the mistakes of the source text, the
# Keras 3 behaviours the source text does not mention, and the Keras 2 habits
# that fail on Keras 3, with the messages Keras 3 gives.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("07_putting_it_together")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_5`](../course/assignments/functional_api_5.py),
#   putting it together: a feature extractor for any model
#   (`feature_extractor`), and the review model (`review_model`), which
#   combines several inputs, two heads, a shared embedding and a residual
#   connection between dense layers.
#
# This is the last lesson: the assignment above is the next step.
