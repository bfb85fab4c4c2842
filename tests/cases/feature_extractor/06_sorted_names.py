# exercise: feature_extractor
# expect: fail
# why: the names are sorted, so the outputs are not in the order of layer_names
# message: outputs
# message: sorted
import keras


def build_feature_extractor(model, layer_names):
    outputs = [model.get_layer(name).output for name in sorted(layer_names)]
    return keras.Model(model.inputs, outputs)
