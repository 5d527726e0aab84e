"""Inception V3 (Szegedy et al., "Rethinking the Inception Architecture for Computer
Vision", CVPR 2016), layer for layer as Keras builds it, so that Keras's published ImageNet
weights load into it.
"""

from __future__ import annotations

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
# md5 of the published files with the classifier and without it
_HASHES = ("9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63")


@_common.documented(default_size=299, min_size=75, top="the ``classes``-way classifier")
def InceptionV3(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "inception_v3") -> Model:
    """Builds Inception V3, optionally with Keras's ImageNet weights.

    Inputs are RGB images scaled by :func:`preprocess_input` (to [-1, 1]).

    Example:
        >>> model = InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3))
        >>> model.output.shape
        (None, 1, 1, 2048)
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    img_input = _common.model_input("InceptionV3", args, default_size=299, min_size=75)
    axis = _common.bn_axis()

    x = _conv_bn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = _conv_bn(x, 32, 3, 3, padding="valid")
    x = _conv_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = _conv_bn(x, 80, 1, 1, padding="valid")
    x = _conv_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    for i, pool_filters in enumerate((32, 64, 64)):  # 35x35: mixed0-2
        x = _block_a(x, pool_filters, f"mixed{i}", axis)
    x = _reduction_a(x, axis)  # mixed3, to 17x17
    for i, width in enumerate((128, 160, 160, 192)):  # mixed4-7
        x = _block_b(x, width, f"mixed{4 + i}", axis)
    x = _reduction_b(x, axis)  # mixed8, to 8x8
    for i in range(2):  # mixed9, mixed10
        x = _block_c(x, i, axis)

    weights_file = _common.published_file(_BASE_URL, f"inception_v3{_common.TF_KERNELS}",
                                          include_top, _HASHES)
    return _common.finish(x, img_input, args, weights_file=weights_file)


def _conv_bn(x, filters: int, rows: int, cols: int, padding: str = "same",
             strides=(1, 1), name: str | None = None):
    """Conv2D (no bias) -> BatchNormalization (no scale) -> ReLU."""
    x = layers.Conv2D(filters, (rows, cols), strides=strides, padding=padding,
                      use_bias=False, name=None if name is None else f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=_common.bn_axis(), scale=False,
                                  name=None if name is None else f"{name}_bn")(x)
    return layers.Activation("relu", name=name)(x)


def _pool_branch(x, filters: int):
    x = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
    return _conv_bn(x, filters, 1, 1)


def _block_a(x, pool_filters: int, name: str, axis: int):
    b1 = _conv_bn(x, 64, 1, 1)
    b5 = _conv_bn(_conv_bn(x, 48, 1, 1), 64, 5, 5)
    b3 = _conv_bn(_conv_bn(_conv_bn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    bp = _pool_branch(x, pool_filters)
    return layers.concatenate([b1, b5, b3, bp], axis=axis, name=name)


def _reduction_a(x, axis: int):
    b3 = _conv_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    b3dbl = _conv_bn(_conv_bn(x, 64, 1, 1), 96, 3, 3)
    b3dbl = _conv_bn(b3dbl, 96, 3, 3, strides=(2, 2), padding="valid")
    bp = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([b3, b3dbl, bp], axis=axis, name="mixed3")


def _block_b(x, width: int, name: str, axis: int):
    """The 17x17 block with factorized 7x7 convolutions ``width`` channels wide."""
    b1 = _conv_bn(x, 192, 1, 1)
    b7 = _conv_bn(_conv_bn(x, width, 1, 1), width, 1, 7)
    b7 = _conv_bn(b7, 192, 7, 1)
    b7dbl = _conv_bn(_conv_bn(x, width, 1, 1), width, 7, 1)
    b7dbl = _conv_bn(_conv_bn(b7dbl, width, 1, 7), width, 7, 1)
    b7dbl = _conv_bn(b7dbl, 192, 1, 7)
    bp = _pool_branch(x, 192)
    return layers.concatenate([b1, b7, b7dbl, bp], axis=axis, name=name)


def _reduction_b(x, axis: int):
    b3 = _conv_bn(_conv_bn(x, 192, 1, 1), 320, 3, 3, strides=(2, 2), padding="valid")
    b7 = _conv_bn(_conv_bn(x, 192, 1, 1), 192, 1, 7)
    b7 = _conv_bn(b7, 192, 7, 1)
    b7 = _conv_bn(b7, 192, 3, 3, strides=(2, 2), padding="valid")
    bp = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([b3, b7, bp], axis=axis, name="mixed8")


def _block_c(x, i: int, axis: int):
    """The 8x8 block whose 3x3 convolutions split into parallel 1x3 and 3x1 ones."""
    b1 = _conv_bn(x, 320, 1, 1)
    b3 = _conv_bn(x, 384, 1, 1)
    b3 = layers.concatenate([_conv_bn(b3, 384, 1, 3), _conv_bn(b3, 384, 3, 1)],
                            axis=axis, name=f"mixed9_{i}")
    b3dbl = _conv_bn(_conv_bn(x, 448, 1, 1), 384, 3, 3)
    b3dbl = layers.concatenate([_conv_bn(b3dbl, 384, 1, 3), _conv_bn(b3dbl, 384, 3, 1)],
                               axis=axis)
    bp = _pool_branch(x, 192)
    return layers.concatenate([b1, b3, b3dbl, bp], axis=axis, name=f"mixed{9 + i}")


preprocess_input = _common.preprocess_input_of("Inception V3", "tf", __name__)
