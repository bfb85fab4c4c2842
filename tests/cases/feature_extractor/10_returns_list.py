# exercise: feature_extractor
# expect: fail
# why: returns the list of tensors instead of a model
# message: builds
# message: Return a model, not the tensors
def build_feature_extractor(model, layer_names):
    return [model.get_layer(name).output for name in layer_names]
