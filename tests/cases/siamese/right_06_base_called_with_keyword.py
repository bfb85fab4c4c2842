# exercise: siamese
# expect: pass
# why: Concatenate(axis=-1) and the base called through a local alias on positional inputs
import keras
from keras import layers


def build_siamese_model(base_model, input_shape=(250, 250, 3)):
    twin = base_model
    inputs = [keras.Input(shape=input_shape), keras.Input(shape=input_shape)]
    features = [twin(inputs[0]), twin(inputs[1])]
    return keras.Model(inputs, layers.Concatenate(axis=-1)(features))
