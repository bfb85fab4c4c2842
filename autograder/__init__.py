"""Grader for the Keras functional API course kit.

The package never runs learner code in its own process: `sandbox` builds the
learner's models in a separate, limited process and `judge` decides the
verdict in another one that never imports learner code. See `api.check`.
"""

__version__ = "0.2.0"
