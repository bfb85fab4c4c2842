# exercise: review_model
# expect: fail
# why: the inputs are passed to keras.Model as [body, title, stats]
# message: FAILED inputs
# message: in this order
import keras
from keras import layers


def build_review_model(vocab_size=20000, num_topics=8):
    title = keras.Input(shape=(None,), dtype="int32", name="title")
    body = keras.Input(shape=(None,), dtype="int32", name="body")
    stats = keras.Input(shape=(6,), name="stats")
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
    return keras.Model([body, title, stats], [helpful, topic])
