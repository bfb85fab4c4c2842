# exercise: feature_extractor
# expect: fail
# why: keras.models.clone_model makes new layers with new weights
# message: weights_reused
# message: clone_model
import keras


def build_feature_extractor(model, layer_names):
    copy = keras.models.clone_model(model)
    return keras.Model(copy.inputs, [copy.get_layer(name).output for name in layer_names])
