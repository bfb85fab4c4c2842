# exercise: feature_extractor
# expect: pass
# why: every layer's output in a dict first, then picked in the order of layer_names
import keras


def build_feature_extractor(model, layer_names):
    every_output = {layer.name: layer.output for layer in model.layers}
    wanted = [every_output[name] for name in layer_names]
    return keras.Model(inputs=model.inputs, outputs=wanted, name=f"{model.name}_features")
