# exercise: feature_extractor
# expect: fail
# why: a new keras.Input and the layers called again on it: a new graph, not the given model's
# message: inputs
# message: model.inputs
import keras


def build_feature_extractor(model, layer_names):
    x = inputs = keras.Input(shape=model.input_shape[1:])
    found = {}
    for layer in model.layers[1:]:
        x = layer(x)
        found[layer.name] = x
    return keras.Model(inputs, [found[name] for name in layer_names])
