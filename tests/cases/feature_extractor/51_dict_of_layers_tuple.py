# exercise: feature_extractor
# expect: pass
# why: a dict of the layers by name, outputs as a tuple, keyword arguments and a model name
from keras import Model


def build_feature_extractor(model, layer_names):
    by_name = {layer.name: layer for layer in model.layers}
    features = tuple(by_name[name].output for name in layer_names)
    return Model(inputs=model.inputs, outputs=features, name="feature_extractor")
