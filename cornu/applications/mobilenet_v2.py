"""MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
CVPR 2018), layer for layer as Keras builds it, so that Keras's published ImageNet weights
load into it.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

import warnings

from cornu import layers
from cornu.applications import imagenet_utils
from cornu.applications._mobile_common import (
    channel_axis,
    check_common_arguments,
    image_side,
    make_divisible,
    size_text,
    top_pooling,
)
from cornu.backend import config
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_IMAGENET_ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)
_IMAGENET_SIZES = (96, 128, 160, 192, 224)
# (output filters before alpha, stride, expansion) of the 17 inverted residual blocks
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
           (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6),
           (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6))
_BN = {"epsilon": 1e-3, "momentum": 0.999}


def MobileNetV2(input_shape=None, alpha: float = 1.0, include_top: bool = True,
                weights="imagenet", input_tensor=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str | None = None) -> Model:
    """Builds MobileNetV2, optionally with Keras's ImageNet weights.

    Args:
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 32). Default (224, 224, 3), or the
            shape of ``input_tensor``.
        alpha: the width multiplier: the blocks have ``alpha`` times the paper's filters
            (rounded to multiples of 8). ImageNet weights exist for 0.35, 0.5, 0.75, 1.0,
            1.3 and 1.4.
        include_top: whether to end with the ``classes``-way classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once; they exist for square images of side 96, 128, 160, 192 or
            224), or the path of a weights file to load.
        input_tensor: an optional symbolic tensor to use as the model's input.
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max".
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits).
        name: the model's name (default ``mobilenetv2_<alpha>_<rows>``).

    Returns:
        A functional ``Model``.

    Example:
        >>> model = MobileNetV2(weights=None, alpha=0.35, include_top=False,
        ...                     input_shape=(32, 32, 3))
        >>> model.name, model.output.shape
        ('mobilenetv2_0.35_32', (None, 1, 1, 1280))
    """
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    check_common_arguments("MobileNetV2", pooling, alpha)
    _check_input_tensor(input_shape, input_tensor)
    rows, cols = image_side(input_shape, input_tensor)
    default_size = rows if rows == cols and rows in _IMAGENET_SIZES else 224
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top, weights=weights)
    rows, cols = image_side(input_shape, None)
    if weights == "imagenet":
        rows = _check_imagenet_config(alpha, rows, cols)

    img_input = imagenet_utils.image_input(input_tensor, input_shape)
    x = layers.Conv2D(make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = layers.BatchNormalization(axis=channel_axis(), name="bn_Conv1", **_BN)(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)

    # The last convolution keeps 1280 filters for alpha <= 1 (the paper's choice).
    last_filters = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = layers.BatchNormalization(axis=channel_axis(), name="Conv_1_bn", **_BN)(x)
    x = layers.ReLU(6.0, name="out_relu")(x)

    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = top_pooling(x, pooling)

    if name is None:
        name = f"mobilenetv2_{alpha:0.2f}_{rows}"
    model = Model(imagenet_utils.model_inputs(input_tensor, img_input), x, name=name)
    fname = origin = None
    if weights == "imagenet":
        top = "" if include_top else "_no_top"
        fname = (f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}"
                 f"{top}.h5")
        origin = _BASE_URL + fname
    imagenet_utils.load_weights(model, weights, fname, origin, None)
    return model


def _check_input_tensor(input_shape, input_tensor) -> None:
    """A symbolic ``input_tensor`` given with ``input_shape`` must agree with it."""
    if input_shape is None or input_tensor is None:
        return
    given = image_side(None, input_tensor)
    wanted = image_side(tuple(input_shape), None)
    if None not in given and given != wanted:
        raise ValueError(
            f"MobileNetV2: `input_tensor` has images of size {given[0]}x{given[1]} but "
            f"input_shape={tuple(input_shape)}. Pass only one of them, or make them agree."
        )


def _check_imagenet_config(alpha, rows, cols) -> int:
    """The image side whose ImageNet weights to load (224 when the input matches none)."""
    if alpha not in _IMAGENET_ALPHAS:
        raise ValueError(
            f"MobileNetV2: ImageNet weights exist for alpha in {_IMAGENET_ALPHAS}; got "
            f"alpha={alpha}. Pass one of these or weights=None."
        )
    if rows == cols and rows in _IMAGENET_SIZES:
        return rows
    warnings.warn(
        f"MobileNetV2: ImageNet weights exist for square inputs of side {_IMAGENET_SIZES}; "
        f"the input size is {size_text(rows, cols)}, so the weights trained at 224x224 "
        "are loaded.",
        stacklevel=3,
    )
    return 224


def _inverted_res_block(inputs, expansion: int, stride: int, alpha: float, filters: int,
                        block_id: int):
    """Expand (1x1) -> depthwise 3x3 -> project (1x1, linear), with a residual when the
    shapes allow. Block 0 has no expansion and its layers are named ``expanded_conv_*``."""
    axis = channel_axis()
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


def preprocess_input(x, data_format: str | None = None):
    """Scales RGB images with values in [0, 255] to [-1, 1], as MobileNetV2 expects.

    Args:
        x: a NumPy array or tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The scaled images (float32).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.array([[[[0.0, 127.5, 255.0]]]])).ravel().tolist()
        [-1.0, 0.0, 1.0]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds``, as ``(wnid, name, score)``
    tuples, best first (see :func:`cornu.applications.imagenet_utils.decode_predictions`).
    """
    return imagenet_utils.decode_predictions(preds, top=top)
