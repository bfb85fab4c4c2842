# exercise: social_compile
# expect: fail
# why: the source text's typo 'bianry_crossentropy': Keras cannot interpret the loss identifier
# message: FAILED losses_resolve
# message: 'bianry_crossentropy'
# message: typo
def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "bianry_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
