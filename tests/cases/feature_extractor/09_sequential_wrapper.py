# exercise: feature_extractor
# expect: fail
# why: wraps the extractor in a Sequential model
# message: functional_model
# message: Sequential
import keras


def build_feature_extractor(model, layer_names):
    inner = keras.Model(model.inputs, [model.get_layer(name).output for name in layer_names])
    return keras.Sequential([inner])
