# exercise: social_compile
# expect: fail
# why: loss list + weight dict: Keras applies the weights in sorted key order by position
# message: FAILED income_loss
# message: FAILED gender_loss
# message: sorted
from keras import losses, optimizers


def compile_social_model(model):
    model.compile(
        optimizer=optimizers.RMSprop(),
        loss=[
            losses.MeanSquaredError(),
            losses.CategoricalCrossentropy(),
            losses.BinaryCrossentropy(),
        ],
        loss_weights={"gender": 10.0, "age": 0.25, "income": 1.0},
    )
