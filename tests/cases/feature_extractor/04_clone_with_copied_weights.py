# exercise: feature_extractor
# expect: fail
# why: a clone given the same weights computes the same values, but is a copy: new inputs, new layers
# message: same_graph
# message: other tensors
import keras


def build_feature_extractor(model, layer_names):
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return keras.Model(copy.inputs, [copy.get_layer(name).output for name in layer_names])
