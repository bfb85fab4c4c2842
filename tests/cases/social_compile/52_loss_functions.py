# exercise: social_compile
# expect: pass
# why: keras.losses functions (not classes, not names) and full loss names
import keras


def compile_social_model(model):
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss={
            "age": keras.losses.mean_squared_error,
            "income": keras.losses.categorical_crossentropy,
            "gender": keras.losses.binary_crossentropy,
        },
        loss_weights={"age": 0.25, "income": 1, "gender": 10},
    )
