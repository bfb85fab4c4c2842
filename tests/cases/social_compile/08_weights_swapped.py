# exercise: social_compile
# expect: fail
# why: loss weights of age and gender swapped (10 and 0.25)
# message: FAILED age_loss
# message: FAILED gender_loss
# message: 10 x mean_squared_error
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
        loss_weights={"age": 10.0, "income": 1.0, "gender": 0.25},
    )
