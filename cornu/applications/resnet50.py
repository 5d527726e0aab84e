"""``cornu.applications.resnet50``: ResNet50 and its ``preprocess_input`` and
``decode_predictions``, the module older Keras code imports them from (the same objects as
in :mod:`cornu.applications.resnet`)."""

from cornu.applications.resnet import ResNet50 as ResNet50
from cornu.applications.resnet import decode_predictions as decode_predictions
from cornu.applications.resnet import preprocess_input as preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
