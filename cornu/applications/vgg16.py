"""VGG16 (Simonyan & Zisserman, ICLR 2015), layer for layer as Keras builds it, so that
Keras's published ImageNet weights load into it.

Inputs are RGB images with values in [0, 255], turned into BGR minus the ImageNet mean by
:func:`preprocess_input`.
"""

from __future__ import annotations

from cornu.applications import _vgg, imagenet_utils
from cornu.models import Model

# include_top -> (file name, md5 of the published file)
_WEIGHT_FILES = {
    True: ("vgg16_weights_tf_dim_ordering_tf_kernels.h5", "64373286793e3c8b2b4e3219cbf3544b"),
    False: ("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "6d6bbae143d832006294945121d1f1fc"),
}


def VGG16(include_top: bool = True, weights="imagenet", input_tensor=None, input_shape=None,
          pooling=None, classes: int = 1000, classifier_activation="softmax",
          name: str = "vgg16") -> Model:
    """Builds VGG16 (13 convolutions in 5 blocks, then 3 dense layers).

    Args:
        include_top: whether to end with the three fully connected layers (flatten, fc1,
            fc2, predictions); they fix the input to ``input_shape``.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional tensor (e.g. ``cornu.Input(...)``) to use as the input.
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 32). Default (224, 224, 3).
        pooling: with ``include_top=False``: None (the 4D feature map of the last block),
            "avg" or "max" (global pooling to a 2D tensor).
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits);
            with pretrained weights only None or "softmax".
        name: the model's name.

    Returns:
        A functional ``Model``.

    Example:
        >>> model = VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
        >>> model.output.shape
        (None, 1, 1, 512)
    """
    return _vgg.vgg(16, (2, 2, 3, 3, 3), _WEIGHT_FILES, include_top=include_top,
                    weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                    pooling=pooling, classes=classes,
                    classifier_activation=classifier_activation, name=name)


def preprocess_input(x, data_format: str | None = None):
    """Turns RGB images with values in [0, 255] into what VGG16 expects: BGR, minus the
    ImageNet mean of each channel, not scaled ("caffe" mode).

    Args:
        x: a NumPy array or a tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The preprocessed images (integers become float32; a NumPy input is left as is).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.array([[[[0.0, 0.0, 255.0]]]])).round(3).tolist()
        [[[[151.061, -116.779, -123.68]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds`` as ``(wnid, name, score)``;
    see :func:`cornu.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
