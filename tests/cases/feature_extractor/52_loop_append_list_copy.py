# exercise: feature_extractor
# expect: pass
# why: a loop that appends, `keras.models.Model`, and a copy of the list of inputs
import keras


def build_feature_extractor(model, layer_names):
    outputs = []
    for name in layer_names:
        layer = model.get_layer(name=name)
        outputs.append(layer.output)
    return keras.models.Model(inputs=list(model.inputs), outputs=outputs)
