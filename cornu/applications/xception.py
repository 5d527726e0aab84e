"""Xception (Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions",
CVPR 2017), layer for layer as Keras builds it, so that Keras's published ImageNet weights
load into it.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

from cornu import layers
from cornu.applications import _classic, imagenet_utils
from cornu.backend import config
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
# include_top -> (file name, md5 of the published file)
_WEIGHT_FILES = {
    True: ("xception_weights_tf_dim_ordering_tf_kernels.h5",
           "0a58e3b7378bc2990ea3b43d5981f1f6"),
    False: ("xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "b0042744bf5b25fce3cb969f33bebb97"),
}


def Xception(include_top: bool = True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes: int = 1000,
             classifier_activation="softmax", name: str = "xception") -> Model:
    """Builds Xception: an entry flow of strided separable-convolution blocks, eight
    middle-flow blocks at 728 channels, and an exit flow to 2048 channels.

    Args:
        include_top: whether to end with global average pooling and the 1000-way (or
            ``classes``-way) classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional tensor (e.g. ``cornu.Input(...)``) to use as the input.
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 71). Default (299, 299, 3).
        pooling: with ``include_top=False``: None (the 4D feature map of the exit flow),
            "avg" or "max" (global pooling to a 2D tensor).
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits);
            with pretrained weights only None or "softmax".
        name: the model's name.

    Returns:
        A functional ``Model``.

    Example:
        >>> model = Xception(weights=None, include_top=False, input_shape=(71, 71, 3))
        >>> model.output.shape
        (None, 3, 3, 2048)
    """
    img_input = _classic.model_input(
        "Xception", include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, default_size=299, min_size=71)
    axis = _channel_axis()
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
    return _classic.finish(
        x, img_input, name=name, include_top=include_top, weights=weights,
        input_tensor=input_tensor, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, named_pooling=False,
        weight_files=_WEIGHT_FILES, base_url=_BASE_URL)


def _channel_axis() -> int:
    return 1 if config.image_data_format() == "channels_first" else -1


def _act_sepconv_bn(x, filters: int, name: str, relu: bool = True):
    """(ReLU "{name}_act") -> 3x3 separable convolution "{name}" -> BN "{name}_bn"."""
    if relu:
        x = layers.Activation("relu", name=f"{name}_act")(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_channel_axis(), name=f"{name}_bn")(x)


def _downsampling_block(x, filters1: int, filters2: int, block: int, first_relu: bool = True):
    """Two separable convolutions and a strided 3x3 max pooling, plus a strided 1x1
    convolution of the input as the residual."""
    prefix = f"block{block}"
    residual = layers.Conv2D(filters2, (1, 1), strides=(2, 2), padding="same",
                             use_bias=False)(x)
    residual = layers.BatchNormalization(axis=_channel_axis())(residual)
    x = _act_sepconv_bn(x, filters1, f"{prefix}_sepconv1", relu=first_relu)
    x = _act_sepconv_bn(x, filters2, f"{prefix}_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=f"{prefix}_pool")(x)
    return layers.add([x, residual])


def preprocess_input(x, data_format: str | None = None):
    """Scales RGB images with values in [0, 255] to [-1, 1], as Xception expects.

    Args:
        x: a NumPy array or a tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The scaled images (integers become float32; a NumPy input is left as is).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.array([[0.0, 63.75, 255.0]])).tolist()
        [[-1.0, -0.5, 1.0]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds`` as ``(wnid, name, score)``;
    see :func:`cornu.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
