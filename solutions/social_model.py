"""Reference solution of `social_model`: one text input, three predictions."""

import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    """A model that reads a person's posts and predicts age, income group and gender.

    The posts are a variable-length sequence of token ids, embedded in 256
    dimensions and read by a stack of 1D convolutions: `Conv1D(128, 5)`,
    `MaxPooling1D(5)`, two `Conv1D(256, 5)`, `MaxPooling1D(5)`, two more
    `Conv1D(256, 5)` (all relu, `padding="valid"`), then
    `GlobalAveragePooling1D` and `Dense(128, relu)`. Three heads share that
    code: `age` (one linear unit, a regression), `income` (a softmax over
    the income groups) and `gender` (one sigmoid unit).

    The source text writes `Embedding(256, vocab_size)`: the first argument
    must be the vocabulary size (`input_dim`), the second the vector size.
    The printed book pools with `GlobalMaxPooling1D`; this exercise follows
    the source text's `GlobalAveragePooling1D`. Five valid 5-wide
    convolutions and two 5x poolings need at least 269 tokens per sequence,
    so the input keeps a variable length (`shape=(None,)`) and is fed
    sequences of e.g. 500 tokens.

    Args:
        vocab_size: Number of distinct token ids in the posts.
        num_income_groups: Number of income classes.

    Returns:
        A functional `keras.Model` with one int32 input `(None, None)` and the
        outputs `[age, income, gender]` of shapes `(None, 1)`,
        `(None, num_income_groups)` and `(None, 1)`; 14,146,316 parameters
        with the defaults.
    """
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    x = layers.Embedding(vocab_size, 256)(posts)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(128, activation="relu")(x)

    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender])
