"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., "Identity Mappings in Deep Residual
Networks", ECCV 2016: batch normalization and ReLU before each convolution), layer for
layer as Keras builds them, so that Keras's published ImageNet weights load into them.

Inputs are RGB images scaled to [-1, 1] by :func:`preprocess_input`.
"""

from __future__ import annotations

from collections.abc import Callable

from cornu.applications import _classic, imagenet_utils
from cornu.applications.resnet import ResNet, stack_residual_blocks_v2
from cornu.models import Model


def _v2_stages(depths: tuple) -> Callable:
    def stack_fn(x):
        for i, (filters, blocks) in enumerate(zip((64, 128, 256, 512), depths)):
            x = stack_residual_blocks_v2(x, filters, blocks, stride1=1 if i == 3 else 2,
                                         name=f"conv{i + 2}")
        return x

    return stack_fn


def ResNet50V2(include_top: bool = True, weights="imagenet", input_tensor=None,
               input_shape=None, pooling=None, classes: int = 1000,
               classifier_activation="softmax", name: str = "resnet50v2") -> Model:
    return ResNet(_v2_stages((3, 4, 6, 3)), True, True, include_top, weights, input_tensor,
                  input_shape, pooling, classes, classifier_activation, name, "resnet50v2")


def ResNet101V2(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "resnet101v2") -> Model:
    return ResNet(_v2_stages((3, 4, 23, 3)), True, True, include_top, weights,
                  input_tensor, input_shape, pooling, classes, classifier_activation, name,
                  "resnet101v2")


def ResNet152V2(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "resnet152v2") -> Model:
    return ResNet(_v2_stages((3, 8, 36, 3)), True, True, include_top, weights,
                  input_tensor, input_shape, pooling, classes, classifier_activation, name,
                  "resnet152v2")


ResNet50V2.__doc__ = """Builds ResNet50V2 (pre-activation ResNet, 3, 4, 6 and 3 blocks).
""" + _classic.ARGS_DOC + """
    Example:
        >>> model = ResNet50V2(weights=None, include_top=False, input_shape=(32, 32, 3))
        >>> model.output.shape
        (None, 1, 1, 2048)
"""
ResNet101V2.__doc__ = """Builds ResNet101V2 (pre-activation ResNet, 3, 4, 23 and 3
blocks).
""" + _classic.ARGS_DOC
ResNet152V2.__doc__ = """Builds ResNet152V2 (pre-activation ResNet, 3, 8, 36 and 3
blocks).
""" + _classic.ARGS_DOC


def preprocess_input(x, data_format: str | None = None):
    """Scales RGB images with values in [0, 255] to [-1, 1], as ResNet V2 expects.

    Args:
        x: a NumPy array or a tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The scaled images (integers become float32; a NumPy input is left as is).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.array([[0.0, 127.5, 255.0]])).tolist()
        [[-1.0, 0.0, 1.0]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds`` as ``(wnid, name, score)``;
    see :func:`cornu.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
