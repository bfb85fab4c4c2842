"""Seeded training runs that show whether a model can learn its task.

Each run starts from fresh weights (`keras.models.clone_model` after
`keras.utils.set_random_seed`), so the verdict does not depend on the
learner's random initialisation, and uses small data so that it takes
seconds on two CPU cores.
"""

from __future__ import annotations

import os

import numpy as np

#: Seed of every judge-side random draw. `AUTOGRADER_SEED` changes it, so that
#: `benchmarks/seed_stability.py` can show verdicts do not hinge on one seed.
SEED = int(os.environ.get("AUTOGRADER_SEED", "0"))


def fresh_copy(model, seed: int = SEED):
    """The same architecture with new weights drawn from `seed`."""
    import keras

    keras.utils.set_random_seed(seed)
    return keras.models.clone_model(model)


def digits_split(seed: int = SEED):
    """scikit-learn's 8x8 digits scaled to [0, 1], a held-out fifth for validation.

    Returns:
        `(x_train, y_train, x_val, y_val)`; `x` of shape `(n, 64)` float32,
        `y` integer class ids 0-9. Nothing is downloaded: the data ships
        with scikit-learn.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int64")
    order = np.random.default_rng(seed).permutation(len(x))
    cut = len(x) // 5
    val, train = order[:cut], order[cut:]
    return x[train], y[train], x[val], y[val]


def digits_accuracy(model, epochs: int = 15, seed: int = SEED) -> float:
    """Validation accuracy of a fresh copy of `model` trained on digits.

    Args:
        model: A model from `(None, 64)` to `(None, 10)` probabilities.
        epochs: Passes over the 1,438 training images (batch 64, Adam 0.01).

    Returns:
        Accuracy on the 359 held-out images, between 0 and 1.
    """
    return validation_accuracy(model, digits_split(seed), 0.01, epochs, seed=seed)


def digit_images(seed: int = 0):
    """scikit-learn's digits as 8x8x1 images in [0, 1], a stratified fifth held out.

    The split depends on `seed` only (not on the judge's seed), so every
    submission and every judge seed sees the same 360 validation images,
    36 per digit, as in Lesson 4.

    Returns:
        `(x_train, y_train, x_val, y_val)`; `x` of shape `(n, 8, 8, 1)`
        float32, `y` integer class ids 0-9.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype("float32")[..., None]
    y = digits.target.astype("int64")
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=0.2, random_state=seed, stratify=y
    )
    return x_train, y_train, x_val, y_val


def validation_accuracy(
    model, data, learning_rate: float, epochs: int = 15, batch_size: int = 64, seed: int = SEED
) -> float:
    """Validation accuracy of a fresh copy of `model` trained with Adam.

    Args:
        model: A model from the data's inputs to class probabilities.
        data: `(x_train, y_train, x_val, y_val)`, integer class ids.
        learning_rate: Adam's learning rate.
        epochs: Passes over the training data.
        batch_size: Samples per step.
        seed: Seed of the fresh weights and of the shuffling.

    Returns:
        Accuracy on the held-out data, between 0 and 1 (sparse categorical
        cross-entropy loss; no XLA, which takes longer to compile than these
        small fits take to run).
    """
    import keras

    x_train, y_train, x_val, y_val = data
    net = fresh_copy(model, seed)
    net.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,
    )
    net.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)
    return float(net.evaluate(x_val, y_val, verbose=0)[1])


def qa_task(n: int, text_vocab: int, question_vocab: int, answers: int, seed: int = SEED):
    """A question-answering task whose answer needs both the text and the question.

    The question's first token picks a pair of answers (`q` in
    `0 .. answers // 2 - 1`); the parity of the text's last token picks one
    of the pair: `answer = 2 q + last_token % 2`. A model that ignores the
    question, or the text, can at best halve its uncertainty: its loss stays
    at or above `ln 2 + ...`, about 1.39 for 8 answers.

    Returns:
        `(text, question, answer)`: int32 arrays `(n, 8)` and `(n, 3)`, and
        int64 answer ids `(n,)`.
    """
    rng = np.random.default_rng(seed)
    text = rng.integers(1, text_vocab, size=(n, 8)).astype("int32")
    q = rng.integers(0, answers // 2, size=n)
    filler = rng.integers(1, question_vocab, size=(n, 2))
    question = np.concatenate([(q + 1)[:, None], filler], axis=1).astype("int32")
    answer = (2 * q + text[:, -1] % 2).astype("int64")
    return text, question, answer
