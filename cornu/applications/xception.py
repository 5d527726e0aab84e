"""Xception (Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions",
CVPR 2017), layer for layer as Keras builds it, so that Keras's published ImageNet weights
load into it.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
# md5 of the published files with the classifier and without it
_HASHES = ("0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97")


@_common.documented(default_size=299, min_size=71)
def Xception(include_top: bool = True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes: int = 1000,
             classifier_activation="softmax", name: str = "xception") -> Model:
    """Builds Xception: an entry flow of strided separable-convolution blocks, eight
    middle-flow blocks at 728 channels, and an exit flow to 2048 channels.

    Example:
        >>> model = Xception(weights=None, include_top=False, input_shape=(71, 71, 3))
        >>> model.output.shape
        (None, 3, 3, 2048)
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    img_input = _common.model_input("Xception", args, default_size=299, min_size=71)
    axis = _common.channel_axis()
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False,
                      name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=axis, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=axis, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)

    # entry flow: the first block starts from the ReLU'd stem, the others from a sum
    x = _downsampling_block(x, 128, 128, block=2, first_relu=False)
    x = _downsampling_block(x, 256, 256, block=3)
    x = _downsampling_block(x, 728, 728, block=4)
    for block in range(5, 13):  # middle flow
        residual = x
        for i in (1, 2, 3):
            x = _act_sepconv_bn(x, 728, f"block{block}_sepconv{i}")
        x = layers.add([x, residual])
    x = _downsampling_block(x, 728, 1024, block=13)  # exit flow

    for i, filters in ((1, 1536), (2, 2048)):
        x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False,
                                   name=f"block14_sepconv{i}")(x)
        x = layers.BatchNormalization(axis=axis, name=f"block14_sepconv{i}_bn")(x)
        x = layers.Activation("relu", name=f"block14_sepconv{i}_act")(x)
    weights_file = _common.published_file(_BASE_URL, f"xception{_common.TF_KERNELS}",
                                          include_top, _HASHES)
    return _common.finish(x, img_input, args, weights_file=weights_file)


def _act_sepconv_bn(x, filters: int, name: str, relu: bool = True):
    """(ReLU "{name}_act") -> 3x3 separable convolution "{name}" -> BN "{name}_bn"."""
    if relu:
        x = layers.Activation("relu", name=f"{name}_act")(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_common.channel_axis(), name=f"{name}_bn")(x)


def _downsampling_block(x, filters1: int, filters2: int, block: int, first_relu: bool = True):
    """Two separable convolutions and a strided 3x3 max pooling, plus a strided 1x1
    convolution of the input as the residual."""
    prefix = f"block{block}"
    residual = layers.Conv2D(filters2, (1, 1), strides=(2, 2), padding="same",
                             use_bias=False)(x)
    residual = layers.BatchNormalization(axis=_common.channel_axis())(residual)
    x = _act_sepconv_bn(x, filters1, f"{prefix}_sepconv1", relu=first_relu)
    x = _act_sepconv_bn(x, filters2, f"{prefix}_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=f"{prefix}_pool")(x)
    return layers.add([x, residual])


preprocess_input = _common.preprocess_input_of("Xception", "tf", __name__)
