# exercise: social_compile
# expect: fail
# why: one loss string for every head: income and gender are trained with mse
# message: FAILED income_loss
# message: FAILED gender_loss
def compile_social_model(model):
    model.compile(optimizer="rmsprop", loss="mse")
