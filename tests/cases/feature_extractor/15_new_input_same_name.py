# exercise: feature_extractor
# expect: fail
# why: the given model called on new Inputs named like its own: same names and values, new graph
# message: same_graph
import keras


def build_feature_extractor(model, layer_names):
    inputs = [keras.Input(shape=t.shape[1:], dtype=t.dtype, name=t.name) for t in model.inputs]
    probe = keras.Model(model.inputs, [model.get_layer(name).output for name in layer_names])
    return keras.Model(inputs, probe(inputs))
