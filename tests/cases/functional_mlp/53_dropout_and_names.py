# exercise: functional_mlp
# expect: pass
# why: named layers and a Dropout layer (identity when predicting)
import keras
from keras import layers


def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,), name="pixels")
    x = layers.Dense(hidden_units, activation="relu", name="hidden_1")(inputs)
    x = layers.Dropout(0.1)(x)
    x = layers.Dense(hidden_units, activation="relu", name="hidden_2")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="classes")(x)
    return keras.Model(inputs, outputs)
