# exercise: feature_extractor
# expect: pass
# why: finds each layer's position and looks it up with get_layer(index=...)
import keras


def build_feature_extractor(model, layer_names):
    positions = {layer.name: i for i, layer in enumerate(model.layers)}
    outputs = list(map(lambda n: model.get_layer(index=positions[n]).output, layer_names))
    extractor = keras.Model(model.inputs, outputs)
    return extractor
