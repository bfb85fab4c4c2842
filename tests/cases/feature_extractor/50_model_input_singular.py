# exercise: feature_extractor
# expect: pass
# why: `model.input`: on Keras 3 it is the list of inputs when there are several, so it works for both
import keras


def build_feature_extractor(model, layer_names):
    return keras.Model(model.input, [model.get_layer(name).output for name in layer_names])
