# exercise: social_compile
# expect: fail
# why: adam instead of rmsprop
# message: FAILED optimizer
# message: Adam
def compile_social_model(model):
    model.compile(
        optimizer="adam",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
