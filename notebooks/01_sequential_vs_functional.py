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
# # Lesson 1 — Sequential and functional models
#
# **Description:** the same MLP as a `Sequential` model and as a functional
# model, then a two-input question-answering model fed with a list and with a dict.
#
# **Estimated time:** 25 min (about 22 min to read the text, the code and
# the self-check: 3,300 words at 150 a minute; 2 min to run every cell,
# measured on a shared two-core machine).
#
# **Learning objectives.** After this lesson you can:
#
# - build the same network as a `Sequential` model and as a functional model,
#   and show that the two compute the same function;
# - predict a `Dense` layer's parameter count (inputs · units + units) and a
#   model's total before `summary()` prints it;
# - say why `model.layers` differs by one entry between the two twins;
# - build a two-input model and feed it with a list (by position) and with a
#   dict (by input name);
# - spot the source's swapped `Embedding` arguments and its all-zero targets,
#   and say what each does.
#
# With the source text open beside you, this lesson follows "Introduction to
# the functional API" and "Multi-input models". Every listing runs here on
# Keras 3; where the text has a mistake, or Keras 3 behaves in a way the text
# does not show, the cell shows what Keras 3 does. All errata are collected in
# [errata.md](errata.md).
#
# In the **functional API** a layer is a callable: you call it on a symbolic
# tensor (a `KerasTensor`, which has a shape and a dtype but no values) and get
# a new symbolic tensor. `keras.Model(inputs, outputs)` then collects every
# layer on the paths from `inputs` to `outputs` into a graph of layers. The
# graph need not be a stack: it may have several inputs, several outputs,
# branches, and layers used more than once (weight sharing, lesson 5).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from lesson_tools import answer, self_check, show_model

keras.utils.set_random_seed(42)
print("Keras", keras.__version__, "with the", keras.backend.backend(), "backend")

# %% [markdown]
# ## 1. The Sequential model
#
# The text's `Sequential` MLP: 64 input features, two hidden `Dense` layers of
# 32 relu units, a 10-way softmax. The text passes `input_shape=(64,)` to the
# first `Dense`; Keras 3 still accepts that but warns, and prefers a
# `keras.Input` as the first entry.
#
# **Predict, then run.** Before running the next cell, write down the number
# of parameters of each `Dense` layer and of the whole model.

# %%
seq_model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ],
    name="sequential_mlp",
)
seq_model.summary()

# %% [markdown]
# **3,466** parameters. A `Dense` layer with `n` inputs and `u` units has an
# `n × u` kernel and `u` biases: $(64 \cdot 32 + 32) + (32 \cdot 32 + 32) +
# (32 \cdot 10 + 10) = 2080 + 1056 + 330$. The `None` in every shape is the
# batch dimension, left open.
#
# ## 2. Its functional twin
#
# The same network, written layer call by layer call. The text names the
# tensors `input_tensor` / `output_tensor`; these lessons use
# `inputs` → `x` → `outputs` → `model`.

# %%
inputs = keras.Input(shape=(64,))
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="functional_mlp")

print(inputs)
print("hidden:", x.shape, " output:", outputs.shape)
model.summary()

# %% [markdown]
# The same three `Dense` layers, so the same **3,466** parameters.

# %%
assert seq_model.count_params() == 3466, (
    f"Sequential MLP: expected 3,466 parameters, got {seq_model.count_params():,}"
)
assert model.count_params() == 3466, (
    f"functional MLP: expected 3,466 parameters, got {model.count_params():,}"
)

# %% [markdown]
# ### Why `.layers` differs (Keras behaviour, not a mistake of the text)
#
# The text calls the functional model the Sequential model's equivalent, and
# it is: the two compute the same function. Only their `.layers` lists differ.
# In a functional model the input is a node of the graph, held by an `InputLayer`, so `model.layers` starts
# with it. A `Sequential` model keeps its input specification to itself, so
# `seq_model.layers` holds only the three `Dense` layers — even when it was
# built with `keras.Input`. Code that indexes layers by position is off by one
# between the two. The summaries above show the same difference: only the
# functional table has an `InputLayer` row (0 parameters).
#
# **Predict, then run.** How many entries will `seq_model.layers` and
# `model.layers` have? Write down both numbers before running the next cell.

# %%
print("Sequential:", [type(layer).__name__ for layer in seq_model.layers])
print("Functional:", [type(layer).__name__ for layer in model.layers])
print("first Dense:", seq_model.layers[0].name, "vs", model.layers[1].name)
assert (len(seq_model.layers), len(model.layers)) == (3, 4), (
    "the functional model should list one layer more, its InputLayer"
)

# %% [markdown]
# Three and four: the functional list starts with the `InputLayer`, so the
# first `Dense` is `seq_model.layers[0]` in one and `model.layers[1]` in the
# other.

# %% [markdown]
# Same weights in, same predictions out: copy the functional model's weights
# into the `Sequential` model and compare.

# %%
seq_model.set_weights(model.get_weights())
probe = np.random.default_rng(0).random((5, 64), dtype="float32")
same = np.allclose(seq_model.predict(probe, verbose=0), model.predict(probe, verbose=0))
print("same predictions:", same)

# %% [markdown]
# `show_model` draws a model with `keras.utils.plot_model(show_shapes=True)`
# and saves it in `figures/`. The functional diagram has the extra
# `InputLayer` box.

# %%
show_model(seq_model, "01_sequential_mlp")

# %%
show_model(model, "01_functional_mlp")

# %% [markdown]
# ### A disconnected graph (Keras 3 wording)
#
# `keras.Model` walks back from `outputs` to `inputs`. If the outputs cannot be
# computed from the inputs given, building the model fails. Keras 2 called
# this `Graph disconnected: cannot obtain value for tensor ...` (the message
# the printed book shows; the source text does not show this case); Keras 3
# raises a `ValueError` saying the output "is not connected to `inputs`" (the
# empty path `` names the model's single output).

# %%
unrelated_input = keras.Input(shape=(32,))
try:
    bad_model = keras.Model(unrelated_input, outputs)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")

# %% [markdown]
# ## 3. Training the functional MLP
#
# The text fits on random numbers, which have nothing to learn. Here the 64
# features are the 8×8 pixels of scikit-learn's handwritten digits (shipped
# with scikit-learn, nothing is downloaded), scaled from 0–16 to [0, 1], with a
# held-out fifth for validation. Targets are one-hot, to match
# `categorical_crossentropy`.

# %%
digits = load_digits()
features = (digits.data / 16.0).astype("float32")
targets = keras.utils.to_categorical(digits.target, 10)
x_train, x_val, y_train, y_val = train_test_split(
    features, targets, test_size=0.2, random_state=0, stratify=digits.target
)

model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(
    x_train, y_train, validation_data=(x_val, y_val), epochs=20, batch_size=64, verbose=0
)
print(f"validation accuracy after 20 epochs: {history.history['val_accuracy'][-1]:.3f}")


# %%
def plot_history(histories, title):
    """Plots loss and accuracy per epoch (training solid, validation dotted).

    The first history is drawn wide and pale, so a later one that
    coincides with it stays visible on top.

    Args:
        histories: Dict mapping a label to a `keras.callbacks.History`.
        title: Title above both panels.
    """
    fig, axes = plt.subplots(1, 2, figsize=(9, 3))
    for n, (label, history) in enumerate(histories.items()):
        width, alpha = (5, 0.4) if n == 0 and len(histories) > 1 else (1.5, 1)
        for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
            for split, style in [("", "-"), ("val_", ":")]:
                if split + metric in history.history:
                    values = history.history[split + metric]
                    ax.plot(values, style, lw=width, alpha=alpha, label=f"{label} {split}{metric}")
    for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.legend(fontsize="small")
    fig.suptitle(title)
    plt.show()


plot_history({"MLP": history}, "Functional MLP on the digits")

# %% [markdown]
# ## 4. A two-input model: question answering
#
# A model with two inputs, which `Sequential` cannot express. The text is
# encoded by one branch (`Embedding` → `LSTM(32)`), the question by another
# (`Embedding` → `LSTM(16)`); the two encodings are **concatenated** and a
# softmax over the answer vocabulary picks a one-word answer.
#
# The inputs are integer token ids of any length, `shape=(None,)`; their
# `name`s (`"text"`, `"question"`) are what the dict form of `fit` uses below.
#
# **Erratum:** the text writes `layers.Embedding(64, text_vocabulary_size)`.
# `Embedding`'s first argument is `input_dim` (the vocabulary size), the
# second `output_dim` (the vector size): the correct call is
# `layers.Embedding(text_vocabulary_size, 64)`, and likewise
# `layers.Embedding(question_vocabulary_size, 32)`.
#
# **Predict, then run.** With 10,000 text ids, 10,000 question ids and 500
# answers, how many parameters does the model have? An `LSTM(u)` reading
# `n` features has four gates, each with `n × u` input weights, `u × u`
# recurrent weights and `u` biases. Write down the count of each layer before
# running the next cell.


# %%
def make_qa_model(text_vocab, question_vocab, answer_vocab):
    """The two-input question-answering model of the text, errata fixed.

    Args:
        text_vocab: Number of distinct token ids in the text.
        question_vocab: Number of distinct token ids in the question.
        answer_vocab: Number of possible one-word answers.

    Returns:
        A functional `keras.Model` with inputs `[text, question]`.
    """
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(text_vocab, 64)(text)
    encoded_text = layers.LSTM(32)(embedded_text)

    question = keras.Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(question_vocab, 32)(question)
    encoded_question = layers.LSTM(16)(embedded_question)

    concatenated = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab, activation="softmax")(concatenated)
    return keras.Model([text, question], answer, name="qa_model")


qa_model = make_qa_model(10000, 10000, 500)
qa_model.summary()
assert qa_model.count_params() == 1_000_052, (
    f"QA model: expected 1,000,052 parameters, got {qa_model.count_params():,}"
)

# %% [markdown]
# An `Embedding` is a table with one row per id, so it has vocabulary × vector
# size weights and no bias:
#
# | layer | parameters |
# | --- | --- |
# | `Embedding(10000, 64)` | 10000 · 64 = 640,000 |
# | `LSTM(32)` on 64-d vectors | 4 · (64 · 32 + 32 · 32 + 32) = 12,416 |
# | `Embedding(10000, 32)` | 10000 · 32 = 320,000 |
# | `LSTM(16)` on 32-d vectors | 4 · (32 · 16 + 16 · 16 + 16) = 3,136 |
# | `Dense(500)` on 32 + 16 = 48 | 48 · 500 + 500 = 24,500 |
# | **total** | **1,000,052** |

# %%
show_model(qa_model, "01_qa_model")

# %% [markdown]
# ### What the swapped `Embedding` arguments do
#
# The text's order builds without complaint, which is what makes it
# dangerous. `Embedding(64, 10000)` has 64 · 10000 = 640,000 weights — the
# same count as the correct layer — but it accepts only ids 0–63 and turns
# each into a 10,000-long vector, so the LSTM that follows gets 10,000 input
# features and about 100 times the weights. The first real token id above 63
# fails (on CPU; on a GPU, TensorFlow's out-of-range lookup silently returns
# zeros).

# %%
text = keras.Input(shape=(None,), dtype="int32", name="text")
embedded_text = layers.Embedding(64, 10000)(text)  # the text's argument order
lstm = layers.LSTM(32)
swapped = keras.Model(text, lstm(embedded_text))
print("embedding output:", embedded_text.shape)
print("LSTM(32) parameters:", lstm.count_params(), "instead of 12416")
try:
    swapped.predict(np.array([[5000, 17]]), verbose=0)
except Exception as error:  # TensorFlow's InvalidArgumentError
    lines = str(error).strip().splitlines()  # a long graph trace; keep the message line
    message = next((line for line in lines if "is not in [0" in line), lines[0])
    print(f"{type(error).__name__}: {message}")

# %% [markdown]
# ### Feeding a multi-input model: a learnable task
#
# The text fits on random ids and random answers, so the loss cannot fall for a
# reason. Here the answer depends on **both** inputs: with `q` the question's
# first token and `t` the text's last token, the answer is `2 * q + t % 2`.
# The question branch alone can reach at most 50 % accuracy, the text branch
# alone 10 %. Small vocabularies (20 text ids, 10 question ids, 20 answers)
# keep the fit to a few seconds; the architecture is the one above.
#
# Targets are **one-hot** rows, as `categorical_crossentropy` expects. The
# last 400 samples are held out for validation.

# %%
TEXT_VOCAB, QUESTION_VOCAB, ANSWER_VOCAB = 20, 10, 20
num_samples = 2000
rng = np.random.default_rng(0)
text_ids = rng.integers(0, TEXT_VOCAB, size=(num_samples, 8))
question_ids = rng.integers(0, QUESTION_VOCAB, size=(num_samples, 3))
answer_ids = 2 * question_ids[:, 0] + text_ids[:, -1] % 2
answers = keras.utils.to_categorical(answer_ids, ANSWER_VOCAB)
print(text_ids[0], question_ids[0], "->", answer_ids[0])

n_train = 1600
validation_data = ([text_ids[n_train:], question_ids[n_train:]], answers[n_train:])


# %%
def fit_small_qa(inputs, targets, epochs=8):
    """Builds a small QA model from the same seed and fits it.

    Validation is always on the held-out samples with their real answers.

    Args:
        inputs: The two training arrays, as a list or as a dict keyed by
            input name.
        targets: Training targets (one-hot answers).
        epochs: Number of epochs. Defaults to `8`.

    Returns:
        The fitted model and its `History`.
    """
    keras.utils.set_random_seed(1)
    small = make_qa_model(TEXT_VOCAB, QUESTION_VOCAB, ANSWER_VOCAB)
    small.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.01),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = small.fit(
        inputs, targets, epochs=epochs, batch_size=128, validation_data=validation_data, verbose=0
    )
    return small, history


# %% [markdown]
# A **list** of arrays is matched to `model.inputs` by position (`[text,
# question]`); a **dict** is matched by input name. Both describe the same
# batches, so from the same seed the two fits are identical: the dict curves
# lie on the list curves.

# %%
_, list_history = fit_small_qa([text_ids[:n_train], question_ids[:n_train]], answers[:n_train])
_, dict_history = fit_small_qa(
    {"text": text_ids[:n_train], "question": question_ids[:n_train]}, answers[:n_train]
)

# Measured over seeds: the two fits gave identical losses, and the last epoch's
# loss was 0.3-0.8 % of the first, far below the half checked here.
assert np.allclose(list_history.history["loss"], dict_history.history["loss"]), (
    "list and dict feeding from the same seed should give the same losses"
)
assert list_history.history["loss"][-1] < 0.5 * list_history.history["loss"][0], (
    "the QA model's training loss should at least halve in 8 epochs"
)
print("loss per epoch:", np.round(list_history.history["loss"], 3))
print("validation accuracy:", np.round(list_history.history["val_accuracy"], 3))
plot_history({"list": list_history, "dict": dict_history}, "QA model: list and dict feeding")

# %% [markdown]
# ### All-zero "one-hot" answers (erratum)
#
# The text makes its answers with `np.random.randint(0, 1, size=(num_samples,
# answer_vocabulary_size))`. The upper bound of `randint` is exclusive, so every
# entry is 0: no row is one-hot. Categorical cross-entropy is $-\sum_i y_i \log
# \hat y_i$, which is exactly 0 when every $y_i$ is 0, whatever the model
# predicts. The loss is 0 from the first batch, but that does not mean the
# weights stay put. With the TensorFlow backend a softmax output is trained
# through TensorFlow's fused softmax cross-entropy, whose gradient,
# $\hat y - y$, assumes that each target row sums to 1; on an all-zero row it
# is $\hat y$ itself, which is never zero, so the optimiser keeps changing the
# weights. They move towards nothing that depends on the answers: validated on the real answers, the model stays at chance. The
# cell below prints the loss and how far the weights moved.
#
# The fix is real one-hot rows, e.g.
# `keras.utils.to_categorical(np.random.randint(0, answer_vocabulary_size,
# num_samples), answer_vocabulary_size)`, as above.

# %%
bad_answers = np.random.randint(0, 1, size=(num_samples, ANSWER_VOCAB))
print("largest entry:", bad_answers.max(), " row sums:", bad_answers.sum(axis=1)[:5])

train_inputs = [text_ids[:n_train], question_ids[:n_train]]
keras.utils.set_random_seed(1)  # the initial weights fit_small_qa starts from
initial = make_qa_model(TEXT_VOCAB, QUESTION_VOCAB, ANSWER_VOCAB).get_weights()
bad_model, bad_history = fit_small_qa(train_inputs, bad_answers[:n_train], epochs=3)
moved = max(float(np.abs(a - b).max()) for a, b in zip(initial, bad_model.get_weights()))
print("training loss per epoch:", bad_history.history["loss"])
print(f"largest change of a weight: {moved:.3f}")
print("validation accuracy on the real answers:", np.round(bad_history.history["val_accuracy"], 3))
print(f"chance: {1 / ANSWER_VOCAB:.3f}")

# %% [markdown]
# ## Summary
#
# - A functional model is built by calling layers on symbolic tensors and
#   handing `keras.Model` its `inputs` and `outputs`; a `Sequential` model is
#   the special case of a single stack.
# - The twins have the same 3,466 weights and compute the same function, but
#   only the functional model lists an `InputLayer` in `.layers`.
# - Multi-input models take a list (by position) or a dict (by input name).
# - `Embedding(input_dim, output_dim)`: vocabulary size first.
# - Targets for `categorical_crossentropy` must be one-hot; all-zero rows give
#   a loss of 0 that says nothing about the answers (on TensorFlow the weights
#   still move).

# %% [markdown]
# ## Self-check
#
# Choose your answer to each question before you look, then click that
# choice: it opens to say whether it is right, and why. In JupyterLab you can
# also check a choice from code, e.g. `answer(quiz[1], "b")` in a new cell.

# %%
quiz = self_check("01_sequential_vs_functional")
quiz

# %% [markdown]
# ## Practise it
#
# - [Assignment `functional_api_1`](../course/assignments/functional_api_1.py):
#   build the functional MLP (`functional_mlp`) and the question-answering
#   model (`qa_model`).
# - [Assignment `functional_api_6`](../course/assignments/functional_api_6.py),
#   debugging: its `qa_model` cell starts from the source's code, errata
#   included, and you make it right.
#
# Next: [Lesson 2 — Multi-output models](02_multi_output.py): one input, three
# predictions, three losses.
