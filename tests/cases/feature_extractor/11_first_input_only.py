# exercise: feature_extractor
# expect: fail
# why: uses only the first input: breaks on the model with two inputs
# message: builds_two_inputs
# message: model.inputs[0]
import keras


def build_feature_extractor(model, layer_names):
    return keras.Model(model.inputs[0], [model.get_layer(name).output for name in layer_names])
