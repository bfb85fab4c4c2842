# exercise: social_compile
# expect: fail
# why: a loss list in the wrong order: income gets binary, gender categorical crossentropy
# message: FAILED income_loss
# message: FAILED gender_loss
# message: by position
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss=["mse", "binary_crossentropy", "categorical_crossentropy"],
        loss_weights=[0.25, 1.0, 10.0],
    )
