# exercise: social_compile
# expect: pass
# why: the source text's list form with 'mse' for age, weights as a list in output order
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss=["mse", "categorical_crossentropy", "binary_crossentropy"],
        loss_weights=[0.25, 1.0, 10.0],
    )
