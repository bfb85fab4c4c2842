# exercise: feature_extractor
# expect: fail
# why: freezes the given model: trainable is a change of the given model, not of a copy
# message: given_unchanged
# message: model.trainable = False
import keras


def build_feature_extractor(model, layer_names):
    model.trainable = False
    return keras.Model(model.inputs, [model.get_layer(name).output for name in layer_names])
