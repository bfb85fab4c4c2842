# exercise: social_compile
# expect: fail
# why: mse for gender: a yes/no probability needs binary crossentropy
# message: FAILED gender_loss
# message: mean_squared_error
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "mse"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
