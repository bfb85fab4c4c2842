def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    x = layers.Dense(hidden_units, activation="relu")(inputs)
    x = layers.Dense(hidden_units, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="sigmoid")(x)  # should be softmax
    return keras.Model(inputs, outputs)
