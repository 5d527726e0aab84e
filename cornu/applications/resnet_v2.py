"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., "Identity Mappings in Deep Residual
Networks", ECCV 2016: batch normalization and ReLU before each convolution), layer for
layer as Keras builds them, so that Keras's published ImageNet weights load into them.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.

Example:
    >>> model = ResNet50V2(weights=None, include_top=False, input_shape=(32, 32, 3))
    >>> model.output.shape
    (None, 1, 1, 2048)
"""

from __future__ import annotations

from cornu.applications import _common, resnet
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions

ResNet50V2 = resnet._variant("ResNet50V2", (3, 4, 6, 3), __name__)
ResNet101V2 = resnet._variant("ResNet101V2", (3, 4, 23, 3), __name__)
ResNet152V2 = resnet._variant("ResNet152V2", (3, 8, 36, 3), __name__)
preprocess_input = _common.preprocess_input_of("ResNet V2", "tf", __name__)
