"""MobileNet (Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications", 2017), layer for layer as Keras builds it, so that Keras's published
ImageNet weights load into it.

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
    size_text,
    top_pooling,
)
from cornu.backend import config
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
_IMAGENET_ALPHAS = {0.25: "2_5", 0.5: "5_0", 0.75: "7_5", 1.0: "1_0"}
_IMAGENET_SIZES = (128, 160, 192, 224)
# (pointwise filters before alpha, strides) of the 13 depthwise separable blocks
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1),
           (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))


def MobileNet(input_shape=None, alpha: float = 1.0, depth_multiplier: int = 1,
              dropout: float = 1e-3, include_top: bool = True, weights="imagenet",
              input_tensor=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str | None = None) -> Model:
    """Builds MobileNet (v1), optionally with Keras's ImageNet weights.

    Args:
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 32). Default (224, 224, 3).
        alpha: the width multiplier: every layer has ``alpha`` times the paper's filters.
            ImageNet weights exist for 0.25, 0.5, 0.75 and 1.0.
        depth_multiplier: output channels of each depthwise convolution per input channel
            (1 for the ImageNet weights).
        dropout: the dropout rate before the classifier.
        include_top: whether to end with the ``classes``-way classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once; they exist for square images of side 128, 160, 192 or 224),
            or the path of a weights file to load.
        input_tensor: an optional symbolic tensor to use as the model's input.
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max".
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits).
        name: the model's name (default ``mobilenet_<alpha>_<rows>``).

    Returns:
        A functional ``Model``.

    Example:
        >>> model = MobileNet(weights=None, alpha=0.25, include_top=False,
        ...                   input_shape=(32, 32, 3))
        >>> model.name, model.output.shape
        ('mobilenet_0.25_32', (None, 1, 1, 256))
    """
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    check_common_arguments("MobileNet", pooling, alpha)
    if not isinstance(depth_multiplier, int) or depth_multiplier < 1:
        raise ValueError("MobileNet: `depth_multiplier` must be a positive integer; got "
                         f"depth_multiplier={depth_multiplier!r}.")
    rows, cols = image_side(input_shape, None)
    default_size = rows if rows == cols and rows in _IMAGENET_SIZES else 224
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top, weights=weights)
    rows, cols = image_side(input_shape, None)
    if weights == "imagenet":
        rows = _check_imagenet_config(alpha, depth_multiplier, rows, cols)

    img_input = imagenet_utils.image_input(input_tensor, input_shape)
    x = _conv_block(img_input, int(32 * alpha))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_block(x, int(filters * alpha), depth_multiplier, stride, block_id)

    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Activation(classifier_activation, name="predictions")(x)
    else:
        x = top_pooling(x, pooling)

    if name is None:
        name = f"mobilenet_{alpha:0.2f}_{rows}"
    model = Model(imagenet_utils.model_inputs(input_tensor, img_input), x, name=name)
    fname = origin = None
    if weights == "imagenet":
        suffix = "tf.h5" if include_top else "tf_no_top.h5"
        fname = f"mobilenet_{_IMAGENET_ALPHAS[alpha]}_{rows}_{suffix}"
        origin = _BASE_URL + fname
    imagenet_utils.load_weights(model, weights, fname, origin, None)
    return model


def _check_imagenet_config(alpha, depth_multiplier, rows, cols) -> int:
    """The image side whose ImageNet weights to load (224 when the input matches none)."""
    if depth_multiplier != 1:
        raise ValueError("MobileNet: the ImageNet weights have depth_multiplier=1; got "
                         f"depth_multiplier={depth_multiplier}. Pass weights=None.")
    if alpha not in _IMAGENET_ALPHAS:
        raise ValueError(
            f"MobileNet: ImageNet weights exist for alpha in {sorted(_IMAGENET_ALPHAS)}; got "
            f"alpha={alpha}. Pass one of these or weights=None."
        )
    if rows == cols and rows in _IMAGENET_SIZES:
        return rows
    warnings.warn(
        f"MobileNet: ImageNet weights exist for square inputs of side {_IMAGENET_SIZES}; "
        f"the input size is {size_text(rows, cols)}, so the weights trained at 224x224 "
        "are loaded.",
        stacklevel=3,
    )
    return 224


def _conv_block(x, filters: int, strides=(2, 2)):
    """The stem: a 3x3 convolution, batch normalization and ReLU6."""
    x = layers.Conv2D(filters, (3, 3), padding="same", use_bias=False, strides=strides,
                      name="conv1")(x)
    x = layers.BatchNormalization(axis=channel_axis(), name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_block(x, filters: int, depth_multiplier: int, stride: int, block_id: int):
    """A 3x3 depthwise convolution and a 1x1 pointwise one, each with BN and ReLU6."""
    if stride == 2:  # pad bottom/right only, as TensorFlow's "same" does for even sizes
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if stride == 1 else "valid",
                               depth_multiplier=depth_multiplier, strides=(stride, stride),
                               use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=channel_axis(), name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(filters, (1, 1), padding="same", use_bias=False, strides=(1, 1),
                      name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=channel_axis(), name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def preprocess_input(x, data_format: str | None = None):
    """Scales RGB images with values in [0, 255] to [-1, 1], as MobileNet expects.

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
