# exercise: inception_module
# expect: fail
# why: the untouched release cell: not attempted, not wrong
# message: Not attempted yet


def inception_module(x, filters=128):
    raise NotImplementedError()
