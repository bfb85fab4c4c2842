# exercise: feature_extractor
# expect: fail
# why: calls the layers again from model.inputs: same values, but new calls of the given layers
# message: same_graph
# message: called again
import keras


def build_feature_extractor(model, layer_names):
    x = model.inputs[0]
    found = {}
    for layer in model.layers[1:]:
        x = layer(x)
        found[layer.name] = x
    return keras.Model(model.inputs, [found[name] for name in layer_names])
