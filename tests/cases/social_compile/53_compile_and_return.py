# exercise: social_compile
# expect: pass
# why: compiles the given model in place and also returns it
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={
            "age": "mean_squared_error",
            "income": "categorical_crossentropy",
            "gender": "binary_crossentropy",
        },
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
    return model
