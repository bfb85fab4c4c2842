# exercise: social_compile
# expect: fail
# why: sparse_categorical_crossentropy for income, whose targets are one-hot
# message: FAILED losses_resolve
# message: one-hot
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={
            "age": "mse",
            "income": "sparse_categorical_crossentropy",
            "gender": "binary_crossentropy",
        },
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
