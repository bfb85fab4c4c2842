"""Reference solution of `social_compile`: one loss and one weight per head."""


def compile_social_model(model):
    """Compiles the three-head social model in place.

    `age` is a regression (mean squared error), `income` a choice among
    groups given as one-hot targets (categorical crossentropy) and `gender`
    a yes/no probability (binary crossentropy). Their losses have very
    different scales, so the loss weights rebalance them: 0.25 for age, 1
    for income, 10 for gender. Losses and weights are keyed by output name,
    so they reach the right head whatever the order of the model's outputs.

    The source text's list form uses `'mae'` for age while its dict form
    uses `'mse'` (they are not equivalent: the exercise uses `'mse'`), and
    it misspells `'bianry_crossentropy'`, which Keras rejects with "Could
    not interpret loss identifier".

    Args:
        model: A `keras.Model` with outputs named `age` `(None, 1)`,
            `income` `(None, num_income_groups)` and `gender` `(None, 1)`.

    Returns:
        `None`: `model` itself is compiled.
    """
    model.compile(
        optimizer="rmsprop",
        loss={
            "age": "mse",
            "income": "categorical_crossentropy",
            "gender": "binary_crossentropy",
        },
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
