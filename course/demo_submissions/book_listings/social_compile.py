# The source text's two compile cells as one call, errata included: 'mae' for age (its
# list form; its dict form says 'mse') and 'bianry_crossentropy' (its dict form).
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mae", "income": "categorical_crossentropy", "gender": "bianry_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
