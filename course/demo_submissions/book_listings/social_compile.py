# The source text's dict form of compile, erratum included: 'bianry_crossentropy'.
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "bianry_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
