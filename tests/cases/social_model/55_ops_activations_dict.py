# exercise: social_model
# expect: pass
# why: keras.ops activations on linear Dense layers, a dict of outputs
import keras
from keras import layers, ops


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(vocab_size, 256)(posts)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.MaxPooling1D(5)(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = layers.Conv1D(256, 5, activation="relu")(x)
    x = ops.relu(layers.Dense(128)(layers.GlobalAveragePooling1D()(x)))
    return keras.Model(
        posts,
        {
            "age": layers.Dense(1)(x),
            "income": ops.softmax(layers.Dense(num_income_groups)(x)),
            "gender": ops.sigmoid(layers.Dense(1)(x)),
        },
    )
