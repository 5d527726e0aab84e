"""VGG16 (Simonyan & Zisserman, ICLR 2015), layer for layer as Keras builds it, so that
Keras's published ImageNet weights load into it. Its inputs are RGB images with values in
[0, 255], turned into BGR minus the ImageNet mean by :func:`preprocess_input`.

Example:
    >>> VGG16(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
    (None, 1, 1, 512)
"""

from __future__ import annotations

from cornu.applications import _common, _vgg
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions

# md5 of the published files with the classifier and without it
_HASHES = ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc")

VGG16 = _vgg.constructor(16, (2, 2, 3, 3, 3), _HASHES, __name__)
preprocess_input = _common.preprocess_input_of("VGG16", "caffe", __name__)
