"""DenseNet121, DenseNet169 and DenseNet201 (Huang et al., "Densely Connected
Convolutional Networks", CVPR 2017), layer for layer as Keras builds them, so that Keras's
published ImageNet weights load into them.

Inputs are RGB images with values in [0, 255], scaled to [0, 1] and normalized with the
ImageNet mean and standard deviation by :func:`preprocess_input`.

Example:
    >>> model = DenseNet121(weights=None, include_top=False, input_shape=(32, 32, 3))
    >>> model.output.shape
    (None, 1, 1, 1024)
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
# blocks per dense block -> (weights name, md5 with the classifier, md5 without it)
_PUBLISHED = {
    (6, 12, 24, 16): ("densenet121", "9d60b8095a5708f2dcce2bca79d332c7",
                      "30ee3e1110167f948a6b9946edeeb738"),
    (6, 12, 32, 32): ("densenet169", "d699b8f76981ab1b30698df4c175e90b",
                      "b8c4d4c20dd625c148057b9ff1c1176b"),
    (6, 12, 48, 32): ("densenet201", "1ceb130c1ea1b78c3bf6114dbdfd8807",
                      "c13680b51ded0fb44dff2d8f86ac8bb1"),
}
_EPSILON = 1.001e-5
_GROWTH_RATE = 32


def DenseNet(blocks, include_top: bool = True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes: int = 1000,
             classifier_activation="softmax", name: str = "densenet") -> Model:
    """Builds a DenseNet with ``blocks[i]`` convolution blocks in dense block ``i + 1``.

    Unlike Keras, which refuses ``channels_first`` here, cornu builds DenseNet in either
    image data format.

    Args:
        blocks: four integers, e.g. ``[6, 12, 24, 16]`` (DenseNet121). ImageNet weights are
            published for the three of :func:`DenseNet121`, :func:`DenseNet169` and
            :func:`DenseNet201` only.
        include_top, weights, input_tensor, input_shape, pooling, classes,
            classifier_activation, name: as in :func:`DenseNet121`.

    Returns:
        A functional ``Model``.
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    return _densenet(blocks, args)


def _densenet(blocks, args: _common.Arguments) -> Model:
    img_input = _common.model_input(args.name, args, default_size=224)
    axis = _common.bn_axis()
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for i, count in enumerate(blocks):
        x = dense_block(x, count, name=f"conv{i + 2}")
        if i < len(blocks) - 1:
            x = transition_block(x, 0.5, name=f"pool{i + 2}")
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    weights_file = None
    if tuple(blocks) in _PUBLISHED:
        weights_name, *hashes = _PUBLISHED[tuple(blocks)]
        weights_file = _common.published_file(_BASE_URL, weights_name + _common.TF_KERNELS,
                                              args.include_top, hashes)
    return _common.finish(x, img_input, args, named_pooling=True, weights_file=weights_file)


def dense_block(x, blocks: int, name: str):
    """``blocks`` convolution blocks, each adding 32 channels to ``x``."""
    for i in range(blocks):
        x = conv_block(x, _GROWTH_RATE, name=f"{name}_block{i + 1}")
    return x


def transition_block(x, reduction: float, name: str):
    """Between dense blocks: BN, ReLU, a 1x1 convolution keeping ``reduction`` of the
    channels, and 2x2 average pooling."""
    axis = _common.bn_axis()
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    x = layers.Conv2D(int(x.shape[axis] * reduction), 1, use_bias=False,
                      name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def conv_block(x, growth_rate: int, name: str):
    """BN-ReLU-1x1 convolution (``4 * growth_rate``), BN-ReLU-3x3 convolution
    (``growth_rate``); the result is concatenated to ``x``."""
    axis = _common.bn_axis()
    y = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_0_bn")(x)
    y = layers.Activation("relu", name=f"{name}_0_relu")(y)
    y = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(y)
    y = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False,
                      name=f"{name}_2_conv")(y)
    return layers.Concatenate(axis=axis, name=f"{name}_concat")([x, y])


def _variant(blocks: tuple) -> Callable[..., Model]:
    weights_name = _PUBLISHED[blocks][0]
    public_name = "DenseNet" + weights_name.removeprefix("densenet")
    counts = ", ".join(str(b) for b in blocks[:-1]) + f" and {blocks[-1]}"
    doc = f"Builds {public_name} (dense blocks of {counts} layers).\n" + _common.args_doc()
    return _common.constructor(public_name, __name__, functools.partial(_densenet, blocks),
                               doc, default_name=weights_name)


DenseNet121 = _variant((6, 12, 24, 16))
DenseNet169 = _variant((6, 12, 32, 32))
DenseNet201 = _variant((6, 12, 48, 32))
preprocess_input = _common.preprocess_input_of("DenseNet", "torch", __name__)
