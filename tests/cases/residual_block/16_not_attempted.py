# exercise: residual_block
# expect: fail
# why: the untouched release cell: not attempted, not wrong
# message: Not attempted yet


def residual_block(x, filters=128, downsample=False):
    raise NotImplementedError()
