"""MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
CVPR 2018), layer for layer as Keras builds it, so that Keras's published ImageNet weights
load into it.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

import dataclasses
import functools

from cornu import layers
from cornu.applications import _common, imagenet_utils
from cornu.applications._common import make_divisible
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_IMAGENET_ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)
_IMAGENET_SIZES = (96, 128, 160, 192, 224)
# (output filters before alpha, stride, expansion) of the 17 inverted residual blocks
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
           (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6),
           (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6))
_BN = {"epsilon": 1e-3, "momentum": 0.999}


@_common.documented(top="the ``classes``-way classifier", before="""\
        alpha: the width multiplier: the blocks have ``alpha`` times the paper's filters
            (rounded to multiples of 8). ImageNet weights exist for 0.35, 0.5, 0.75, 1.0,
            1.3 and 1.4.
""", name=" (default ``mobilenetv2_<alpha>_<rows>``)")
def MobileNetV2(input_shape=None, alpha: float = 1.0, include_top: bool = True,
                weights="imagenet", input_tensor=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str | None = None) -> Model:
    """Builds MobileNetV2, optionally with Keras's ImageNet weights. They exist for square
    images of side 96, 128, 160, 192 and 224, the default size where ``input_shape`` (or
    ``input_tensor``) is one of them; other sizes load those of 224x224, with a warning.

    Example:
        >>> model = MobileNetV2(weights=None, alpha=0.35, include_top=False,
        ...                     input_shape=(32, 32, 3))
        >>> model.name, model.output.shape
        ('mobilenetv2_0.35_32', (None, 1, 1, 1280))
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    _common.check_arguments("MobileNetV2", args, alpha)
    _common.check_input_tensor("MobileNetV2", input_shape, input_tensor)
    if weights == "imagenet" and alpha not in _IMAGENET_ALPHAS:
        raise ValueError(
            f"MobileNetV2: ImageNet weights exist for alpha in {_IMAGENET_ALPHAS}; got "
            f"alpha={alpha}. Pass one of these or weights=None."
        )
    img_input, rows = _common.sized_input("MobileNetV2", args, _IMAGENET_SIZES,
                                          tensor_sets_size=True)
    x = layers.Conv2D(make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name="bn_Conv1", **_BN)(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)

    # The last convolution keeps 1280 filters for alpha <= 1 (the paper's choice).
    last_filters = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name="Conv_1_bn", **_BN)(x)
    x = layers.ReLU(6.0, name="out_relu")(x)

    weights_file = None
    if weights == "imagenet":
        weights_file = _common.published_file(
            _BASE_URL, f"mobilenet_v2{_common.TF_KERNELS}_{float(alpha)}_{rows}", include_top,
            no_top="_no_top")
    if name is None:
        args = dataclasses.replace(args, name=f"mobilenetv2_{alpha:0.2f}_{rows}")
    top = functools.partial(_common.classifier, pool_name=None)
    return _common.finish(x, img_input, args, top=top, weights_file=weights_file)


def _inverted_res_block(inputs, expansion: int, stride: int, alpha: float, filters: int,
                        block_id: int):
    """Expand (1x1) -> depthwise 3x3 -> project (1x1, linear), with a residual when the
    shapes allow. Block 0 has no expansion and its layers are named ``expanded_conv_*``."""
    axis = _common.channel_axis()
    in_channels = inputs.shape[axis]
    out_channels = make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_" if block_id else "expanded_conv_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same",
                          use_bias=False, activation=None, name=f"{prefix}expand")(x)
        x = layers.BatchNormalization(axis=axis, name=f"{prefix}expand_BN", **_BN)(x)
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                                 name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None,
                               use_bias=False, padding="same" if stride == 1 else "valid",
                               name=f"{prefix}depthwise")(x)
    x = layers.BatchNormalization(axis=axis, name=f"{prefix}depthwise_BN", **_BN)(x)
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(out_channels, kernel_size=1, padding="same", use_bias=False,
                      activation=None, name=f"{prefix}project")(x)
    x = layers.BatchNormalization(axis=axis, name=f"{prefix}project_BN", **_BN)(x)
    if in_channels == out_channels and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


preprocess_input = _common.preprocess_input_of("MobileNetV2", "tf", __name__)
