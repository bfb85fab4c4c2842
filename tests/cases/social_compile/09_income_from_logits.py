# exercise: social_compile
# expect: fail
# why: categorical crossentropy with from_logits=True on a softmax head
# message: FAILED total_loss
# message: FAILED income_loss
# message: from_logits
import keras


def compile_social_model(model):
    model.compile(
        optimizer="rmsprop",
        loss={
            "age": "mse",
            "income": keras.losses.CategoricalCrossentropy(from_logits=True),
            "gender": "binary_crossentropy",
        },
        loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
    )
