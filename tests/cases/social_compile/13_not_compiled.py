# exercise: social_compile
# expect: fail
# why: the function only returns the model, without compiling it
# message: FAILED compiled_in_place
def compile_social_model(model):
    return model
