# exercise: social_compile
# expect: pass
# why: loss and weight lists built from model.output_names, with metrics
LOSSES = {"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"}
WEIGHTS = {"age": 0.25, "income": 1.0, "gender": 10.0}


def compile_social_model(model):
    names = model.output_names
    model.compile(
        optimizer="rmsprop",
        loss=[LOSSES[name] for name in names],
        loss_weights=[WEIGHTS[name] for name in names],
        metrics={"age": ["mae"], "income": ["accuracy"], "gender": ["accuracy"]},
    )
