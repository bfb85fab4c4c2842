def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    # Correct: activations as separate layers.
    inputs = keras.Input(shape=(input_dim,), name="features")
    x = layers.Dense(hidden_units)(inputs)
    x = layers.Activation("relu")(x)
    x = layers.Dense(hidden_units)(x)
    x = layers.ReLU()(x)
    x = layers.Dense(num_classes)(x)
    outputs = layers.Activation("softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)
