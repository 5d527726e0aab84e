"""EfficientNetV2 B0 to B3, S, M and L (Tan and Le, "EfficientNetV2: Smaller Models and
Faster Training", ICML 2021), layer for layer as Keras builds them, so that Keras's
published ImageNet weights load into them.

The models take RGB images with values in [0, 255]: with ``include_preprocessing=True``
(the default) their first layers normalize them, and :func:`preprocess_input` is the
identity.

Example:
    >>> model = EfficientNetV2B0(weights=None, include_top=False, input_shape=(32, 32, 3))
    >>> model.output.shape
    (None, 1, 1, 1280)
"""

from __future__ import annotations

import functools
import math

from cornu import initializers, layers
from cornu.applications import _common
from cornu.applications.efficientnet import (
    CONV_KERNEL_INITIALIZER,
    DENSE_KERNEL_INITIALIZER,
    _residual,
    _squeeze_excite,
)
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/"
# variant -> (md5 of the file with the classifier, of the one without)
_WEIGHT_HASHES = {
    "b0": ("21ecbf6da12460d5c40bb2f29ceb2188", "893217f2bb855e2983157299931e43ff"),
    "b1": ("069f0534ff22adf035c89e2d9547a9dc", "0e80663031ca32d657f9caa404b6ec37"),
    "b2": ("424e49f28180edbde1e94797771950a7", "1dfe2e7a5d45b6632553a8961ea609eb"),
    "b3": ("1f1fc43bd98a6e4fd8fdfd551e02c7a0", "f6abf7b5849ac99a89b50dd3fd532856"),
    "s": ("e1d88a8495beba45748fedd0cecbe016", "af0682fb74e8c54910f2d4393339c070"),
    "m": ("a3bf6aa3276309f4fc6a34aa114c95cd", "1b8dc055df72dde80d614482840fe342"),
    "l": ("27e6d408b53c7ebc868fefa357689935", "b0b66b5c863aef5b46e8608fe1711615"),
}
# Stages: (fused, kernel, repeats, filters in, filters out, expansion, SE ratio, stride).
# Fused stages replace the expansion and depthwise convolutions by one full convolution.
_B_STAGES = ((True, 3, 1, 32, 16, 1, 0, 1), (True, 3, 2, 16, 32, 4, 0, 2),
             (True, 3, 2, 32, 48, 4, 0, 2), (False, 3, 3, 48, 96, 4, 0.25, 2),
             (False, 3, 5, 96, 112, 6, 0.25, 1), (False, 3, 8, 112, 192, 6, 0.25, 2))
_STAGES = {
    "b": _B_STAGES,
    "s": ((True, 3, 2, 24, 24, 1, 0, 1), (True, 3, 4, 24, 48, 4, 0, 2),
          (True, 3, 4, 48, 64, 4, 0, 2), (False, 3, 6, 64, 128, 4, 0.25, 2),
          (False, 3, 9, 128, 160, 6, 0.25, 1), (False, 3, 15, 160, 256, 6, 0.25, 2)),
    "m": ((True, 3, 3, 24, 24, 1, 0, 1), (True, 3, 5, 24, 48, 4, 0, 2),
          (True, 3, 5, 48, 80, 4, 0, 2), (False, 3, 7, 80, 160, 4, 0.25, 2),
          (False, 3, 14, 160, 176, 6, 0.25, 1), (False, 3, 18, 176, 304, 6, 0.25, 2),
          (False, 3, 5, 304, 512, 6, 0.25, 1)),
    "l": ((True, 3, 4, 32, 32, 1, 0, 1), (True, 3, 7, 32, 64, 4, 0, 2),
          (True, 3, 7, 64, 96, 4, 0, 2), (False, 3, 10, 96, 192, 4, 0.25, 2),
          (False, 3, 19, 192, 224, 6, 0.25, 1), (False, 3, 25, 224, 384, 6, 0.25, 2),
          (False, 3, 7, 384, 640, 6, 0.25, 1)),
}
# variant -> (width coefficient, depth coefficient, image side)
_VARIANTS = {
    "b0": (1.0, 1.0, 224), "b1": (1.0, 1.1, 240), "b2": (1.1, 1.2, 260),
    "b3": (1.2, 1.4, 300), "s": (1.0, 1.0, 384), "m": (1.0, 1.0, 480), "l": (1.0, 1.0, 480),
}
_DROPOUT_RATE = 0.2
_DROP_CONNECT_RATE = 0.2
_BN_MOMENTUM = 0.9
_DIVISOR = 8
_IMAGENET_MEAN = (0.485, 0.456, 0.406)
_IMAGENET_VARIANCE = (0.229**2, 0.224**2, 0.225**2)

_PREPROCESSING_DOC = (
    "        include_preprocessing: whether the model starts by normalizing RGB images\n"
    "            with values in [0, 255] ({preprocessing}).\n")


def _round_filters(filters: float, width: float) -> int:
    """``filters * width`` to the nearest multiple of 8 (at least 8)."""
    filters *= width
    return int(max(_DIVISOR, int(filters + _DIVISOR / 2) // _DIVISOR * _DIVISOR))


def _efficientnet_v2(variant: str, args: _common.Arguments,
                     include_preprocessing: bool) -> Model:
    width, depth, default_size = _VARIANTS[variant]
    stages = _STAGES[variant[0] if variant.startswith("b") else variant]
    _common.check_arguments(f"EfficientNetV2{variant.upper()}", args)
    img_input, input_shape = _common.image_input(args, default_size=default_size)
    bn_axis = _common.bn_axis()

    x = img_input
    if include_preprocessing:
        x = _preprocessing(x, variant, input_shape[bn_axis - 1], bn_axis)
    x = layers.Conv2D(_round_filters(stages[0][3], width), kernel_size=3, strides=2,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, padding="same",
                      use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, momentum=_BN_MOMENTUM, name="stem_bn")(x)
    x = layers.Activation("swish", name="stem_activation")(x)

    repeats = [int(math.ceil(depth * stage[2])) for stage in stages]
    total, done = float(sum(stage[2] for stage in stages)), 0
    for i, (stage, n) in enumerate(zip(stages, repeats)):
        fused, kernel, _, f_in, f_out, expand, se_ratio, stride = stage
        f_in, f_out = _round_filters(f_in, width), _round_filters(f_out, width)
        block = _fused_mb_conv if fused else _mb_conv
        for j in range(n):
            x = block(x, f_in if j == 0 else f_out, f_out, expand, kernel,
                      stride if j == 0 else 1, se_ratio, _DROP_CONNECT_RATE * done / total,
                      f"block{i + 1}{chr(j + 97)}_")
            done += 1

    x = layers.Conv2D(_round_filters(1280, width), kernel_size=1, strides=1,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, padding="same",
                      use_bias=False, name="top_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, momentum=_BN_MOMENTUM, name="top_bn")(x)
    x = layers.Activation("swish", name="top_activation")(x)
    top = functools.partial(_common.classifier, dropout=_DROPOUT_RATE,
                            kernel_initializer=DENSE_KERNEL_INITIALIZER,
                            bias_initializer=initializers.Constant(0.0))
    weights_file = _common.published_file(_BASE_URL, f"efficientnetv2-{variant}",
                                          args.include_top, _WEIGHT_HASHES[variant])
    return _common.finish(x, img_input, args, named_pooling=True, top=top,
                          weights_file=weights_file)


def _preprocessing(x, variant: str, channels: int, bn_axis: int):
    """B0-B3 on RGB images normalize as the V1 models do; the others scale to [-1, 1]."""
    if variant.startswith("b") and channels == 3:
        x = layers.Rescaling(scale=1.0 / 255)(x)
        return layers.Normalization(mean=list(_IMAGENET_MEAN),
                                    variance=list(_IMAGENET_VARIANCE), axis=bn_axis)(x)
    return layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)


def _conv_bn(x, filters: int, kernel_size: int, strides: int, name: str,
             activation: bool = True):
    """Conv2D (no bias) -> BatchNormalization [-> swish], named ``<name>`` + suffixes."""
    bn_axis = _common.bn_axis()
    x = layers.Conv2D(filters, kernel_size=kernel_size, strides=strides,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, padding="same",
                      use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, momentum=_BN_MOMENTUM, name=f"{name}_bn")(x)
    if activation:
        x = layers.Activation("swish", name=f"{name}_activation")(x)
    return x


def _mb_conv(inputs, filters_in: int, filters_out: int, expand_ratio: int, kernel_size: int,
             strides: int, se_ratio: float, drop_rate: float, name: str):
    """Expand (1x1) -> depthwise -> squeeze-and-excite -> project (1x1, linear)."""
    bn_axis = _common.bn_axis()
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv_bn(x, filters, 1, 1, f"{name}expand")
    x = layers.DepthwiseConv2D(kernel_size=kernel_size, strides=strides,
                               depthwise_initializer=CONV_KERNEL_INITIALIZER, padding="same",
                               use_bias=False, name=f"{name}dwconv2")(x)
    x = layers.BatchNormalization(axis=bn_axis, momentum=_BN_MOMENTUM, name=f"{name}bn")(x)
    x = layers.Activation("swish", name=f"{name}activation")(x)
    if 0 < se_ratio <= 1:
        x = _squeeze_excite(x, filters, filters_in, "swish", name, se_ratio)
    x = _conv_bn(x, filters_out, 1, 1, f"{name}project", activation=False)
    if strides == 1 and filters_in == filters_out:
        x = _residual(x, inputs, drop_rate, name)
    return x


def _fused_mb_conv(inputs, filters_in: int, filters_out: int, expand_ratio: int,
                   kernel_size: int, strides: int, se_ratio: float, drop_rate: float,
                   name: str):
    """Expand (a full kxk convolution) -> squeeze-and-excite -> project (1x1); without
    expansion, the projection itself is the kxk convolution (with swish)."""
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv_bn(x, filters, kernel_size, strides, f"{name}expand")
    if 0 < se_ratio <= 1:
        x = _squeeze_excite(x, filters, filters_in, "swish", name, se_ratio)
    if expand_ratio != 1:
        x = _conv_bn(x, filters_out, 1, 1, f"{name}project", activation=False)
    else:
        x = _conv_bn(x, filters_out, kernel_size, strides, f"{name}project")
    if strides == 1 and filters_in == filters_out:
        x = _residual(x, inputs, drop_rate, name)
    return x


def _constructor(variant: str):
    def build(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", include_preprocessing: bool = True,
              name: str = f"efficientnetv2-{variant}") -> Model:
        args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling,
                                 classes, classifier_activation, name)
        return _efficientnet_v2(variant, args, include_preprocessing)

    build.__name__ = build.__qualname__ = f"EfficientNetV2{variant.upper()}"
    preprocessing = ("scaled to [0, 1], then normalized by the ImageNet mean and std"
                     if variant.startswith("b") else "scaled to [-1, 1]")
    build.__doc__ = (f"Builds EfficientNetV2-{variant.upper()}, optionally with Keras's "
                     "ImageNet weights.\n") + _common.args_doc(
        default_size=_VARIANTS[variant][2], top="the ``classes``-way classifier",
        after=_PREPROCESSING_DOC.format(preprocessing=preprocessing))
    return build


EfficientNetV2B0 = _constructor("b0")
EfficientNetV2B1 = _constructor("b1")
EfficientNetV2B2 = _constructor("b2")
EfficientNetV2B3 = _constructor("b3")
EfficientNetV2S = _constructor("s")
EfficientNetV2M = _constructor("m")
EfficientNetV2L = _constructor("l")
preprocess_input = _common.preprocess_input_of("EfficientNetV2", None, __name__)
