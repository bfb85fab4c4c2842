# exercise: review_model
# expect: pass
# why: `h + residual`, int64 text inputs, outputs as a dict in another key order
import keras
from keras import layers


def build_review_model(vocab_size=20000, num_topics=8):
    title = keras.Input(shape=(None,), dtype="int64", name="title")
    body = keras.Input(shape=(None,), dtype="int64", name="body")
    stats = keras.Input(shape=(6,), name="stats")
    embed = layers.Embedding(vocab_size, 64)
    title_vec = layers.GlobalAveragePooling1D()(embed(title))
    body_vec = layers.GlobalMaxPooling1D()(layers.Conv1D(64, 5, activation="relu")(embed(body)))
    stats_vec = layers.Dense(16, activation="relu")(stats)
    h = layers.Dense(64, activation="relu")(layers.concatenate([title_vec, body_vec, stats_vec]))
    x = h + layers.Dense(64, activation="relu")(h)
    return keras.Model(
        [title, body, stats],
        {
            "topic": layers.Dense(num_topics, activation="softmax")(x),
            "helpful": layers.Dense(1, activation="sigmoid")(x),
        },
    )
