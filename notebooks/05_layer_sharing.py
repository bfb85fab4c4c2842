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
# # Lesson 5 — Layer sharing
#
# **Description:** One LSTM instance called on two inputs: the shared-weight model of the source text, its parameter count, proof that its weights exist once, and training it on a sentence-pair task.
#
# **Estimated time:** 20 min (about 19 min to read the text, the code and
# the self-check: 2,900 words at 150 a minute; 1 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - share a layer by creating it once and calling it on two inputs, and
#   predict the model's parameter count (the shared layer counts once);
# - prove that a layer is shared through public APIs: `model.layers`, the
#   `inbound_nodes` of `model.get_config()`, and `model.weights`;
# - say what `layer.output` is for a layer called twice, in Keras 3;
# - explain why a `Dense` head on concatenated codes cannot say "same", and
#   build a head that compares the two codes.

# %% [markdown]
# ## Why share a layer
#
# The source text shares one LSTM between a left and a right input and puts a
# one-unit classifier on top, without saying what the pairs are. The printed
# book gives the use: a model that judges how similar two sentences are.
# That task is **symmetric**: the similarity of A to B is the similarity of B to A.
# So it makes no sense to learn one encoder for the left sentence and another for
# the right one. A single LSTM should read both. A network that applies one
# encoder to both members of a pair is a **Siamese network**; using one set of
# weights in several places of a graph is **weight sharing**.
#
# In the functional API a layer instance is a callable object that owns its
# weights. Calling it a second time does not create new weights: it adds a
# second **node** (a second use) to the graph, and both nodes compute with the
# same kernel and bias. That is all layer sharing is.
#
# The inputs are what the source declares: sequences of any length of
# 128-dimensional vectors (for sentences, word vectors, say). `shape=(None, 128)`
# means "any number of timesteps, 128 features each"; Keras adds the batch axis,
# so the input tensors have shape `(None, None, 128)`.

# %%
import matplotlib.pyplot as plt
import numpy as np

import keras
from keras import layers
from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__)

# %% [markdown]
# ## The source's model, with one shared LSTM
#
# The listing from the source text, written with `keras.Input` and
# `keras.Model` (the same objects as its `from keras import Input` and
# `from keras.models import Model`). Names are added so the graph is easy to
# read; they change nothing else.
#
# **Predict, then run.** An `LSTM(u)` reading `n` features has four gates,
# each with `n × u` input weights, `u × u` recurrent weights and `u` biases.
# How many parameters does the model have, with the LSTM called twice? Write
# it down before running the next cell.

# %%
feature_dim = 128

lstm = layers.LSTM(32, name="shared_lstm")  # instantiated once ...

left_input = keras.Input(shape=(None, feature_dim), name="left")
left_output = lstm(left_input)  # ... called on the left input ...

right_input = keras.Input(shape=(None, feature_dim), name="right")
right_output = lstm(right_input)  # ... and on the right input: same weights

merged = layers.concatenate([left_output, right_output], axis=-1, name="merged")
predictions = layers.Dense(1, activation="sigmoid", name="score")(merged)

model = keras.Model([left_input, right_input], predictions, name="shared_lstm_model")
model.summary()
assert model.count_params() == 20_673, f"expected 20,673 parameters, got {model.count_params():,}"

# %% [markdown]
# The `Connected to` column already tells the story: `shared_lstm` is fed by
# `left[0][0]` *and* `right[0][0]`, and `merged` reads `shared_lstm[0][0]` and
# `shared_lstm[1][0]`, the outputs of the layer's first and second call.
#
# Where do 20,673 parameters come from? An LSTM has four gates, each with a
# kernel over the input, a recurrent kernel over the previous state, and a bias:
# $4 \times (32 \times (128 + 32) + 32) = 20{,}608$. The `Dense(1)` head reads
# the 64 concatenated features: $64 + 1 = 65$. The LSTM is counted **once**.

# %%
units = 32
lstm_params = 4 * (units * (feature_dim + units) + units)
head_params = 2 * units + 1
assert lstm.count_params() == lstm_params == 20_608, (
    f"LSTM: expected 20,608 parameters, got {lstm.count_params():,}"
)
assert lstm_params + head_params == model.count_params() == 20_673, (
    "LSTM and head should make up the whole model"
)

show_model(model, "05_shared_lstm")

# %% [markdown]
# ## Side by side: two separate LSTMs
#
# In the diagram above the shared LSTM is one box with two incoming edges, one
# per call (`plot_model` draws its two outgoing edges to `merged` as a single
# arrow). Below, the same graph with a **new** `LSTM(32)` for each input: it
# computes the same shapes but learns two unrelated encoders, and pays for the
# LSTM twice.
#
# **Predict, then run.** How many parameters and how many weight tensors
# (`len(model.weights)`) does each of the two models have? Write down the four
# numbers before running the next cell.

# %%
left_lstm = layers.LSTM(32, name="left_lstm")
right_lstm = layers.LSTM(32, name="right_lstm")

left_in = keras.Input(shape=(None, feature_dim), name="left")
right_in = keras.Input(shape=(None, feature_dim), name="right")
separate_merged = layers.concatenate([left_lstm(left_in), right_lstm(right_in)], name="merged")
separate_predictions = layers.Dense(1, activation="sigmoid", name="score")(separate_merged)
separate_model = keras.Model([left_in, right_in], separate_predictions, name="separate_lstms_model")
assert separate_model.count_params() == 41_281  # 2 x 20,608 + 65

print(f"{'':22}{'params':>8}{'LSTM layers':>13}{'weight tensors':>16}")
for name, m in [("one shared LSTM", model), ("two separate LSTMs", separate_model)]:
    n_lstm = sum(isinstance(layer, layers.LSTM) for layer in m.layers)
    print(f"{name:22}{m.count_params():>8,}{n_lstm:>13}{len(m.weights):>16}")

show_model(separate_model, "05_separate_lstms")

# %% [markdown]
# 20,673 and 41,281 = 2 × 20,608 + 65 parameters. Each LSTM owns three weight
# tensors (kernel, recurrent kernel, bias) and the head two (kernel, bias): 3
# + 2 = 5 tensors with one LSTM, 6 + 2 = 8 with two.

# %% [markdown]
# ## Proof that the LSTM is shared
#
# Four checks, each through what Keras publishes.
#
# **1. The layer appears once** in `model.layers`, although it was called twice.

# %%
print([layer.name for layer in model.layers])
assert sum(isinstance(layer, layers.LSTM) for layer in model.layers) == 1, (
    "a shared LSTM appears once in model.layers"
)
assert model.get_layer("shared_lstm") is lstm, "the model should hold the LSTM object itself"

# %% [markdown]
# **2. It has two inbound nodes.** The functional config (`model.get_config()`)
# lists, for every layer, its `inbound_nodes`: one entry per call. Each
# argument tensor carries a `keras_history` of `[layer name, node index, tensor
# index]` saying which call of which layer produced it.

# %%
config = model.get_config()
layer_configs = {layer["name"]: layer for layer in config["layers"]}

lstm_nodes = layer_configs["shared_lstm"]["inbound_nodes"]
print("shared_lstm is called", len(lstm_nodes), "times, on:")
for node in lstm_nodes:
    print("   ", node["args"][0]["config"]["keras_history"])

merged_args = layer_configs["merged"]["inbound_nodes"][0]["args"][0]
print("merged reads:", [tensor["config"]["keras_history"] for tensor in merged_args])

assert len(lstm_nodes) == 2, f"expected 2 calls of the LSTM, got {len(lstm_nodes)}"
assert [t["config"]["keras_history"][:2] for t in merged_args] == [
    ["shared_lstm", 0],
    ["shared_lstm", 1],
]

# %% [markdown]
# **3. One set of weights.** The LSTM owns three weight tensors (kernel,
# recurrent kernel, bias); the model holds those three plus the two of the
# head. The separate model holds six LSTM tensors.

# %%
print([w.path for w in model.weights])
assert len(lstm.weights) == 3, "an LSTM has a kernel, a recurrent kernel and a bias"
assert len(model.weights) == 3 + 2, "the shared LSTM's weights should be counted once"
assert len(separate_model.weights) == 6 + 2, "two LSTMs have two sets of weights"

# %% [markdown]
# **4. Same input, same code.** Feed one sequence to both sides and read the
# 64 concatenated features (a model from the inputs to the `merged` tensor: the
# *feature extraction* of Lesson 7). With a shared LSTM the two halves are equal;
# with two separate LSTMs they are not.

# %%
sequence = np.random.default_rng(0).normal(size=(1, 7, feature_dim)).astype("float32")

shared_features = keras.Model(model.inputs, model.get_layer("merged").output)
separate_features = keras.Model(separate_model.inputs, separate_model.get_layer("merged").output)

codes = keras.ops.convert_to_numpy(shared_features([sequence, sequence]))
np.testing.assert_allclose(codes[:, :units], codes[:, units:], rtol=1e-6)
print("shared:   halves equal")

codes = keras.ops.convert_to_numpy(separate_features([sequence, sequence]))
assert not np.allclose(codes[:, :units], codes[:, units:]), (
    "two separate LSTMs should encode the same sequence differently"
)
print("separate: halves differ by up to", float(np.abs(codes[:, :units] - codes[:, units:]).max()))

# %% [markdown]
# A Keras 3 detail: `layer.output` is the output of the layer's **first** call
# (Keras 2 raised an error for a layer with several inbound nodes). For the
# shared LSTM it is the left output; the right one is the tensor you kept when
# you called the layer (`right_output`).

# %%
assert lstm.output is left_output, "layer.output should be the first call's output"
assert lstm.output is not right_output, "layer.output should not be the second call's output"
print(lstm.output.shape, right_output.shape)

# %% [markdown]
# ## Any sequence length, on either side
#
# `shape=(None, 128)` leaves the number of timesteps open, and the two sides
# need not agree: the LSTM reduces each sequence to one 32-dimensional vector.

# %%
rng = np.random.default_rng(1)
short_sentences = rng.normal(size=(2, 5, feature_dim)).astype("float32")
long_sentences = rng.normal(size=(2, 17, feature_dim)).astype("float32")
scores = model.predict([short_sentences, long_sentences], verbose=0)
print(scores.shape)
assert scores.shape == (2, 1), f"expected one score per pair, got {scores.shape}"

# %% [markdown]
# ## A pair task to train on
#
# The source fits the model on `left_data`, `right_data` and `targets` that it
# never defines. Here is a synthetic stand-in for "are these two sentences about
# the same thing?": six random **topic** vectors in 128 dimensions; a sentence
# of a topic is a sequence of 10 noisy vectors, `0.5 * topic + noise`. A pair is
# labelled 1 when both sentences come from the same topic, 0 otherwise (half
# and half). No single timestep is clean; the LSTM has to pool the evidence.

# %%
num_topics, steps = 6, 10
topics = rng.normal(size=(num_topics, feature_dim))


def make_pairs(num_pairs):
    """Returns `(left, right, same)`: two batches of sequences and 0/1 labels."""
    left_topic = rng.integers(0, num_topics, num_pairs)
    same = rng.random(num_pairs) < 0.5
    other_topic = (left_topic + rng.integers(1, num_topics, num_pairs)) % num_topics
    right_topic = np.where(same, left_topic, other_topic)

    def sentences(topic):
        noise = rng.normal(size=(num_pairs, steps, feature_dim))
        return (0.5 * topics[topic][:, None, :] + noise).astype("float32")

    return sentences(left_topic), sentences(right_topic), same.astype("float32")


left_train, right_train, y_train = make_pairs(1500)
left_val, right_val, y_val = make_pairs(500)
print(left_train.shape, right_train.shape, y_train.shape, "same-topic share:", y_train.mean())

# %% [markdown]
# ### The head matters: concatenation cannot say "same"
#
# Before training, a warning about the source's head. `Dense(1)` on
# `[left_code, right_code]` computes a score of the form
# $s(\text{left}, \text{right}) = f(\text{left}) + g(\text{right})$: a part
# that depends only on the left sentence plus a part that depends only on the
# right one. For two topics $i$ and $j$ that gives
# $s(i,i) + s(j,j) = s(i,j) + s(j,i)$, so the two matching pairs can never
# *both* score above the two mismatched ones. Whatever the LSTM learns, this
# head cannot express "same topic".
#
# Siamese networks for similarity therefore **compare** the two codes before
# the last layer, for example with the element-wise distance
# `abs(left_code - right_code)` followed by `Dense(1, sigmoid)`
# (the head of Koch et al.'s Siamese networks, 2015). That head is also
# symmetric, like the task. We train both, with one shared LSTM each.


# %%
def pair_model(head):
    """A fresh shared-LSTM pair model with a `"concatenate"` or `"distance"` head."""
    encoder = layers.LSTM(units, name="shared_lstm")
    left = keras.Input(shape=(None, feature_dim), name="left")
    right = keras.Input(shape=(None, feature_dim), name="right")
    left_code, right_code = encoder(left), encoder(right)
    if head == "concatenate":
        joined = layers.concatenate([left_code, right_code], name="merged")
    else:
        joined = keras.ops.abs(layers.subtract([left_code, right_code], name="difference"))
    score = layers.Dense(1, activation="sigmoid", name="score")(joined)
    m = keras.Model([left, right], score, name=f"{head}_head")
    m.compile(
        optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy", metrics=["accuracy"]
    )
    return m


histories = {}
for head in ["concatenate", "distance"]:
    keras.utils.set_random_seed(0)  # each model starts from its own, fixed seed
    m = pair_model(head)
    histories[head] = m.fit(
        [left_train, right_train],
        y_train,
        validation_data=([left_val, right_val], y_val),
        epochs=5,
        batch_size=128,
        verbose=0,
    ).history
    print(
        f"{head:12} params={m.count_params():,}  val accuracy per epoch:",
        np.round(histories[head]["val_accuracy"], 2),
    )

distance_model = m
assert distance_model.count_params() == 20_608 + units + 1  # LSTM + Dense(32 -> 1)

# %%
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.5))
for head, history in histories.items():
    epochs = range(1, len(history["loss"]) + 1)
    ax_loss.plot(epochs, history["loss"], label=f"{head} (train)")
    ax_loss.plot(epochs, history["val_loss"], "--", label=f"{head} (validation)")
    ax_acc.plot(epochs, history["val_accuracy"], marker="o", label=head)
ax_loss.set(title="Loss", xlabel="epoch", xticks=list(epochs))
ax_acc.set(title="Validation accuracy", xlabel="epoch", xticks=list(epochs), ylim=(0.3, 1.02))
ax_acc.axhline(0.5, color="grey", lw=0.8)
ax_loss.legend(fontsize=8, loc="lower left")
ax_acc.legend()
plt.tight_layout()
plt.show()

# Over 20 seeds the distance head reached 0.99-1.00 (0.94-0.99 after two
# epochs).
assert histories["distance"]["val_accuracy"][-1] > 0.9, (
    f"the distance head should exceed 0.9: {histories['distance']['val_accuracy'][-1]:.2f}"
)

# %% [markdown]
# The concatenation head fits the training pairs (its training loss falls: it
# memorises them) while validation accuracy stays near 0.5, chance. The
# distance head, with the same shared LSTM, generalises to new sentences.
#
# Being built from a shared encoder and a symmetric comparison, the distance
# model gives the same score whichever side a sentence is fed to:

# %%
forward = distance_model.predict([left_val, right_val], verbose=0)
backward = distance_model.predict([right_val, left_val], verbose=0)
np.testing.assert_allclose(forward, backward, atol=1e-6)
print("score(a, b) == score(b, a) on", len(forward), "validation pairs")

# %% [markdown]
# ## Summary
#
# - Sharing a layer = creating it once and calling it on several tensors. Each
#   call adds an inbound node; the weights exist once (`20,673` parameters here
#   against `41,281` for two LSTMs).
# - Check sharing through public API: the layer appears once in `model.layers`,
#   its entry in `model.get_config()` has one `inbound_nodes` entry per call,
#   and `model.weights` holds its weights once.
# - In Keras 3, `layer.output` of a shared layer is its first call's output;
#   keep the tensors each call returns.
# - Sharing the encoder is half of a Siamese network; the head must compare the
#   two codes (distance, cosine) for a "same or not" decision.

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("05_layer_sharing")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_4`](../course/assignments/functional_api_4.py):
#   the model with one LSTM shared by two inputs (`shared_lstm`).
#
# Next: [Lesson 6](06_models_as_layers.py) shares a whole **model**, a
# convolutional base, in the same way.
