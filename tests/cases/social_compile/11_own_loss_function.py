# exercise: social_compile
# expect: fail
# why: a hand-written loss function cannot be reloaded in safe mode
# message: FAILED builds
# message: built-in
import keras


def my_mse(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)


def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={"age": my_mse, "income": "categorical_crossentropy", "gender": "binary_crossentropy"},
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
