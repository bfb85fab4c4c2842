# exercise: feature_extractor
# expect: fail
# why: a single name gives a bare tensor, not a list of one output
# message: one_name_outputs
# message: as a list even for a single name
import keras


def build_feature_extractor(model, layer_names):
    outputs = [model.get_layer(name).output for name in layer_names]
    if len(outputs) == 1:
        outputs = outputs[0]
    return keras.Model(model.inputs, outputs)
