# exercise: social_compile
# expect: fail
# why: the loss dict has no entry for gender: that head is not trained
# message: FAILED losses_resolve
# message: gender
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
