# exercise: feature_extractor
# expect: fail
# why: off by one: positions counted without the InputLayer pick the layer before each named one (its input)
# message: outputs
# message: the layer before it
import keras


def build_feature_extractor(model, layer_names):
    names = [layer.name for layer in model.layers[1:]]
    outputs = [model.layers[names.index(name)].output for name in layer_names]
    return keras.Model(model.inputs, outputs)
