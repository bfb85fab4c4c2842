# exercise: review_model
# expect: pass
# why: a nested Sequential embedding called twice, keras.ops poolings, nested concatenations
import keras
from keras import layers, ops


def build_review_model(vocab_size=20000, num_topics=8):
    title = keras.Input(shape=(None,), dtype="int32", name="title")
    body = keras.Input(shape=(None,), dtype="int32", name="body")
    stats = keras.Input(shape=(6,), name="stats")
    words = keras.Sequential([layers.Embedding(vocab_size, 64)], name="words")
    title_code = ops.mean(words(title), axis=1)
    body_code = ops.max(ops.relu(layers.Conv1D(64, 5)(words(body))), axis=1)
    stats_code = layers.ReLU()(layers.Dense(16)(stats))
    texts = layers.concatenate([title_code, body_code])
    merged = layers.Dropout(0.0)(ops.concatenate([texts, stats_code], axis=-1))
    h = layers.Dense(64, activation="relu")(merged)
    x = ops.add(layers.Dense(64, activation="relu")(h), h)
    helpful = layers.Dense(1, activation="sigmoid", name="helpful")(x)
    topic = layers.Dense(num_topics, activation="softmax", name="topic")(x)
    return keras.Model(inputs=[title, body, stats], outputs=[helpful, topic])
