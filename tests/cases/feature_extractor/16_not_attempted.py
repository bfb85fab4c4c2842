# exercise: feature_extractor
# expect: fail
# why: the untouched stub
# message: Not attempted
def build_feature_extractor(model, layer_names):
    raise NotImplementedError()
