# exercise: review_model
# expect: pass
# why: `layers.Add()` with the residual branch first, each Dense followed by an `Activation` layer
import keras
from keras import layers


def build_review_model(vocab_size=20000, num_topics=8):
    title = keras.Input(shape=(None,), dtype="int32", name="title")
    body = keras.Input(shape=(None,), dtype="int32", name="body")
    stats = keras.Input(shape=(6,), dtype="float32", name="stats")
    shared = layers.Embedding(input_dim=vocab_size, output_dim=64, name="words")
    t = layers.GlobalAveragePooling1D(name="title_mean")(shared(title))
    b = layers.Conv1D(filters=64, kernel_size=5)(shared(body))
    b = layers.Activation("relu")(b)
    b = layers.GlobalMaxPooling1D(name="body_max")(b)
    s = layers.Activation("relu")(layers.Dense(16)(stats))
    merged = layers.Concatenate(name="joint")([t, b, s])
    h = layers.Activation("relu")(layers.Dense(64)(merged))
    residual = layers.Activation("relu")(layers.Dense(64)(h))
    x = layers.Add(name="skip")([residual, h])
    helpful = layers.Activation("sigmoid", name="helpful")(layers.Dense(1)(x))
    topic = layers.Activation("softmax", name="topic")(layers.Dense(num_topics)(x))
    return keras.Model(inputs=[title, body, stats], outputs=[helpful, topic])
