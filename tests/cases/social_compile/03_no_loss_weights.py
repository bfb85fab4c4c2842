# exercise: social_compile
# expect: fail
# why: no loss weights: every head weighs 1, so age and gender are out of balance
# message: FAILED total_loss
# message: FAILED age_loss
# message: FAILED gender_loss
# message: loss weight of
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
    )
