# exercise: social_model
# expect: pass
# why: linear layers + separate Activation/ReLU/Softmax layers that carry the output names
import keras
from keras import layers


def build_social_model(vocab_size=50000, num_income_groups=10):
    posts = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(input_dim=vocab_size, output_dim=256)(posts)
    for filters, pool in ((128, True), (256, False), (256, True), (256, False), (256, False)):
        x = layers.Conv1D(filters, 5)(x)
        x = layers.Activation("relu")(x)
        if pool:
            x = layers.MaxPooling1D(5)(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.ReLU()(layers.Dense(128)(x))
    age = layers.Dense(1, name="age")(x)
    income = layers.Softmax(name="income")(layers.Dense(num_income_groups)(x))
    gender = layers.Activation("sigmoid", name="gender")(layers.Dense(1)(x))
    return keras.Model(inputs=posts, outputs=[age, income, gender])
