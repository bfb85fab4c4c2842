# exercise: social_compile
# expect: fail
# why: the source text's list form: 'mae' for age instead of 'mse'
# message: FAILED age_loss
# message: mean_absolute_error
# message: 'mae'
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss=["mae", "categorical_crossentropy", "binary_crossentropy"],
        loss_weights=[0.25, 1.0, 10.0],
    )
