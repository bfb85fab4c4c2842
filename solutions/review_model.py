"""Reference solution of `review_model`: a shared embedding, a dense residual, two heads."""

import keras
from keras import layers


def build_review_model(vocab_size=20000, num_topics=8):
    """A model that reads a product review and predicts whether it is helpful and its topic.

    A review has a `title` and a `body` (token ids, any length) and six
    numbers about it in `stats` (float32). One `Embedding(vocab_size, 64)`
    layer is created once and called on both texts (weight sharing: the same
    word has the same vector in the title and in the body). The title's
    vectors are averaged (`GlobalAveragePooling1D`); the body is read by
    `Conv1D(64, 5, relu)` and `GlobalMaxPooling1D` (bodies need at least 5
    tokens with the default `padding="valid"`); `stats` goes through
    `Dense(16, relu)`. The three codes are concatenated as
    `[title, body, stats]` and `Dense(64, relu)` gives `h`; a residual
    connection adds `h` to `Dense(64, relu)(h)`, with no activation after the
    sum. Both heads read the sum: `helpful` (one sigmoid unit) and `topic`
    (a softmax over `num_topics`).

    This follows the source text's ideas (several inputs and outputs, a shared
    layer, a residual connection), combined in one model the text does not
    write out.

    Args:
        vocab_size: Number of distinct token ids in titles and bodies.
        num_topics: Number of topic classes.

    Returns:
        A functional `keras.Model` with the inputs `[title, body, stats]` of
        shapes `(None, None)` (int32), `(None, None)` (int32) and `(None, 6)`
        (float32), and the outputs `[helpful, topic]` of shapes `(None, 1)`
        and `(None, num_topics)`; 1,314,681 parameters with the defaults (a
        separate embedding per text would give 2,594,681).
    """
    title = keras.Input(shape=(None,), dtype="int32", name="title")
    body = keras.Input(shape=(None,), dtype="int32", name="body")
    stats = keras.Input(shape=(6,), dtype="float32", name="stats")

    embedding = layers.Embedding(vocab_size, 64)
    title_code = layers.GlobalAveragePooling1D()(embedding(title))
    body_code = layers.Conv1D(64, 5, activation="relu")(embedding(body))
    body_code = layers.GlobalMaxPooling1D()(body_code)
    stats_code = layers.Dense(16, activation="relu")(stats)

    merged = layers.concatenate([title_code, body_code, stats_code])
    h = layers.Dense(64, activation="relu")(merged)
    x = layers.add([h, layers.Dense(64, activation="relu")(h)])

    helpful = layers.Dense(1, activation="sigmoid", name="helpful")(x)
    topic = layers.Dense(num_topics, activation="softmax", name="topic")(x)
    return keras.Model([title, body, stats], [helpful, topic])
