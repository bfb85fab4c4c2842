# exercise: social_compile
# expect: pass
# why: loss dict in another key order, loss weights as a list in output order
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"gender": "binary_crossentropy", "income": "categorical_crossentropy", "age": "mse"},
        loss_weights=[0.25, 1.0, 10.0],
    )
