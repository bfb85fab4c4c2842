# exercise: feature_extractor
# expect: fail
# why: walks model.layers and keeps the named ones: the model's layer order, not layer_names'
# message: outputs
# message: the order of `model.layers`
import keras


def build_feature_extractor(model, layer_names):
    outputs = [layer.output for layer in model.layers if layer.name in layer_names]
    return keras.Model(model.inputs, outputs)
