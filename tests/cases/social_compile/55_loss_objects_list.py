# exercise: social_compile
# expect: pass
# why: loss objects and loss weights as lists in the output order [age, income, gender]
from keras import losses, optimizers


def compile_social_model(model):
    model.compile(
        optimizer=optimizers.RMSprop(),
        loss=[
            losses.MeanSquaredError(),
            losses.CategoricalCrossentropy(),
            losses.BinaryCrossentropy(),
        ],
        loss_weights=[0.25, 1, 10],
    )
