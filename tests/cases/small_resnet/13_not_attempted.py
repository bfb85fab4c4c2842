# exercise: small_resnet
# expect: fail
# why: the untouched release cell: not attempted, not wrong
# message: Not attempted yet


def build_small_resnet(input_shape=(8, 8, 1), num_classes=10):
    raise NotImplementedError()
