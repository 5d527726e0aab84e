"""MobileNet (Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications", 2017), layer for layer as Keras builds it, so that Keras's published
ImageNet weights load into it.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

import dataclasses
import functools

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
_IMAGENET_ALPHAS = {0.25: "2_5", 0.5: "5_0", 0.75: "7_5", 1.0: "1_0"}
_IMAGENET_SIZES = (128, 160, 192, 224)
# (pointwise filters before alpha, strides) of the 13 depthwise separable blocks
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1),
           (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))


@_common.documented(top="the ``classes``-way classifier", before="""\
        alpha: the width multiplier: every layer has ``alpha`` times the paper's filters.
            ImageNet weights exist for 0.25, 0.5, 0.75 and 1.0.
        depth_multiplier: output channels of each depthwise convolution per input channel
            (1 for the ImageNet weights).
        dropout: the dropout rate before the classifier.
""", name=" (default ``mobilenet_<alpha>_<rows>``)")
def MobileNet(input_shape=None, alpha: float = 1.0, depth_multiplier: int = 1,
              dropout: float = 1e-3, include_top: bool = True, weights="imagenet",
              input_tensor=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str | None = None) -> Model:
    """Builds MobileNet (v1), optionally with Keras's ImageNet weights. They exist for
    square images of side 128, 160, 192 and 224, the default size where ``input_shape``
    is one of them; other sizes load those of 224x224, with a warning.

    Example:
        >>> model = MobileNet(weights=None, alpha=0.25, include_top=False,
        ...                   input_shape=(32, 32, 3))
        >>> model.name, model.output.shape
        ('mobilenet_0.25_32', (None, 1, 1, 256))
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    _common.check_arguments("MobileNet", args, alpha)
    if not isinstance(depth_multiplier, int) or depth_multiplier < 1:
        raise ValueError("MobileNet: `depth_multiplier` must be a positive integer; got "
                         f"depth_multiplier={depth_multiplier!r}.")
    if weights == "imagenet":
        _check_imagenet_config(alpha, depth_multiplier)
    img_input, rows = _common.sized_input("MobileNet", args, _IMAGENET_SIZES)
    x = _conv_block(img_input, int(32 * alpha))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_block(x, int(filters * alpha), depth_multiplier, stride, block_id)

    weights_file = None
    if weights == "imagenet":
        weights_file = _common.published_file(
            _BASE_URL, f"mobilenet_{_IMAGENET_ALPHAS[alpha]}_{rows}_tf", include_top,
            no_top="_no_top")
    if name is None:
        args = dataclasses.replace(args, name=f"mobilenet_{alpha:0.2f}_{rows}")
    return _common.finish(x, img_input, args, top=functools.partial(_top, dropout=dropout),
                          weights_file=weights_file)


def _check_imagenet_config(alpha, depth_multiplier) -> None:
    if depth_multiplier != 1:
        raise ValueError("MobileNet: the ImageNet weights have depth_multiplier=1; got "
                         f"depth_multiplier={depth_multiplier}. Pass weights=None.")
    if alpha not in _IMAGENET_ALPHAS:
        raise ValueError(
            f"MobileNet: ImageNet weights exist for alpha in {sorted(_IMAGENET_ALPHAS)}; got "
            f"alpha={alpha}. Pass one of these or weights=None."
        )


def _top(x, classes: int, classifier_activation, dropout: float):
    """The classifier as 1x1 convolution over the pooled features (Keras's layout)."""
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Dropout(dropout, name="dropout")(x)
    x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
    x = layers.Reshape((classes,), name="reshape_2")(x)
    return layers.Activation(classifier_activation, name="predictions")(x)


def _conv_block(x, filters: int, strides=(2, 2)):
    """The stem: a 3x3 convolution, batch normalization and ReLU6."""
    x = layers.Conv2D(filters, (3, 3), padding="same", use_bias=False, strides=strides,
                      name="conv1")(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_block(x, filters: int, depth_multiplier: int, stride: int, block_id: int):
    """A 3x3 depthwise convolution and a 1x1 pointwise one, each with BN and ReLU6."""
    if stride == 2:  # pad bottom/right only, as TensorFlow's "same" does for even sizes
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if stride == 1 else "valid",
                               depth_multiplier=depth_multiplier, strides=(stride, stride),
                               use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(filters, (1, 1), padding="same", use_bias=False, strides=(1, 1),
                      name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


preprocess_input = _common.preprocess_input_of("MobileNet", "tf", __name__)
