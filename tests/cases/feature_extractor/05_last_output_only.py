# exercise: feature_extractor
# expect: fail
# why: the loop overwrites its variable: only the last named layer's output is returned
# message: outputs
# message: return one output
import keras


def build_feature_extractor(model, layer_names):
    for name in layer_names:
        features = model.get_layer(name).output
    return keras.Model(model.inputs, features)
