# exercise: social_compile
# expect: fail
# why: compiles and returns a clone; the contract says the given model is compiled in place
# message: FAILED compiled_in_place
# message: in place
import keras


def compile_social_model(model):
    new_model = keras.models.clone_model(model)
    new_model.compile(
        optimizer="rmsprop",
        loss={"age": "mse", "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
    return new_model
