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

import math

from cornu import initializers, layers
from cornu.applications import imagenet_utils
from cornu.applications._mobile_common import (
    channels_first,
    check_common_arguments,
    top_pooling,
)
from cornu.applications.efficientnet import (
    CONV_KERNEL_INITIALIZER,
    DENSE_KERNEL_INITIALIZER,
    _residual,
    _squeeze_excite,
)
from cornu.backend import config
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

_DOC = """Builds EfficientNetV2-{upper}, optionally with Keras's ImageNet weights.

    Args:
        include_top: whether to end with the ``classes``-way classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional symbolic tensor to use as the model's input.
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 32). Default ({size}, {size}, 3).
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max".
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits).
        include_preprocessing: whether the model starts by normalizing RGB images with
            values in [0, 255] ({preprocessing}).
        name: the model's name.

    Returns:
        A functional ``Model``.
"""


def _round_filters(filters: float, width: float) -> int:
    """``filters * width`` to the nearest multiple of 8 (at least 8)."""
    filters *= width
    return int(max(_DIVISOR, int(filters + _DIVISOR / 2) // _DIVISOR * _DIVISOR))


def _efficientnet_v2(variant: str, include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation, include_preprocessing,
                     name) -> Model:
    width, depth, default_size = _VARIANTS[variant]
    stages = _STAGES[variant[0] if variant.startswith("b") else variant]
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    check_common_arguments(f"EfficientNetV2{variant.upper()}", pooling)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top, weights=weights)
    img_input = imagenet_utils.image_input(input_tensor, input_shape)
    bn_axis = 1 if channels_first() else 3

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
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dropout(_DROPOUT_RATE, name="top_dropout")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation,
                         kernel_initializer=DENSE_KERNEL_INITIALIZER,
                         bias_initializer=initializers.Constant(0.0), name="predictions")(x)
    else:
        x = top_pooling(x, pooling, avg_name="avg_pool", max_name="max_pool")

    model = Model(imagenet_utils.model_inputs(input_tensor, img_input), x, name=name)
    file_stem = f"efficientnetv2-{variant}"
    fname = f"{file_stem}{'' if include_top else '_notop'}.h5"
    imagenet_utils.load_weights(model, weights, fname, _BASE_URL + fname,
                                _WEIGHT_HASHES[variant][0 if include_top else 1])
    return model


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
    bn_axis = 1 if channels_first() else 3
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
    bn_axis = 1 if channels_first() else 3
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
        return _efficientnet_v2(variant, include_top, weights, input_tensor, input_shape,
                                pooling, classes, classifier_activation,
                                include_preprocessing, name)

    build.__name__ = build.__qualname__ = f"EfficientNetV2{variant.upper()}"
    preprocessing = ("scaled to [0, 1], then normalized by the ImageNet mean and std"
                     if variant.startswith("b") else "scaled to [-1, 1]")
    build.__doc__ = _DOC.format(upper=variant.upper(), size=_VARIANTS[variant][2],
                                preprocessing=preprocessing)
    return build


EfficientNetV2B0 = _constructor("b0")
EfficientNetV2B1 = _constructor("b1")
EfficientNetV2B2 = _constructor("b2")
EfficientNetV2B3 = _constructor("b3")
EfficientNetV2S = _constructor("s")
EfficientNetV2M = _constructor("m")
EfficientNetV2L = _constructor("l")


def preprocess_input(x, data_format: str | None = None):
    """Returns ``x`` unchanged: EfficientNetV2 models normalize their inputs themselves
    (``include_preprocessing=True``), so they take RGB images with values in [0, 255].

    Args:
        x: images (any array or tensor).
        data_format: ignored; accepted for the common ``preprocess_input`` signature.

    Returns:
        ``x`` itself.

    Example:
        >>> preprocess_input([255.0, 0.0])
        [255.0, 0.0]
    """
    return x


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds``, as ``(wnid, name, score)``
    tuples, best first (see :func:`cornu.applications.imagenet_utils.decode_predictions`).
    """
    return imagenet_utils.decode_predictions(preds, top=top)
