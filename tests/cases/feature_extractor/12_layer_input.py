# exercise: feature_extractor
# expect: fail
# why: takes what goes into each named layer (.input) instead of what comes out (.output)
# message: outputs
# message: not `.input`
import keras


def build_feature_extractor(model, layer_names):
    return keras.Model(model.inputs, [model.get_layer(name).input for name in layer_names])
