"""Inception V3 (Szegedy et al., "Rethinking the Inception Architecture for Computer
Vision", CVPR 2016), layer for layer as Keras builds it, so that Keras's published ImageNet
weights load into it.
"""

from __future__ import annotations

from cornu import layers
from cornu.applications import imagenet_utils
from cornu.backend import config
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
# include_top -> (file name, md5 of the published file)
_WEIGHT_FILES = {
    True: ("inception_v3_weights_tf_dim_ordering_tf_kernels.h5",
           "9a0d58056eeedaa3f26cb7ebd46da564"),
    False: ("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "bcbd6486424b2319ff4ef7d526e38f63"),
}


def InceptionV3(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "inception_v3") -> Model:
    """Builds Inception V3, optionally with Keras's ImageNet weights.

    Inputs are RGB images scaled by :func:`preprocess_input` (to [-1, 1]).

    Args:
        include_top: whether to end with the 1000-way (or ``classes``-way) classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional symbolic tensor to use as the model's input.
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 75). Default (299, 299, 3).
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max"
            (global pooling to a 2D tensor).
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits).
        name: the model's name.

    Returns:
        A functional ``Model``.

    Example:
        >>> model = InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3))
        >>> model.output.shape
        (None, 1, 1, 2048)
    """
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=75, data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = imagenet_utils.image_input(input_tensor, input_shape)
    axis = _channel_axis()

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

    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    elif pooling == "avg":
        x = layers.GlobalAveragePooling2D()(x)
    elif pooling == "max":
        x = layers.GlobalMaxPooling2D()(x)

    model = Model(imagenet_utils.model_inputs(input_tensor, img_input), x, name=name)
    fname, file_hash = _WEIGHT_FILES[bool(include_top)]
    imagenet_utils.load_weights(model, weights, fname, _BASE_URL + fname, file_hash)
    return model


def _channel_axis() -> int:
    return 1 if config.image_data_format() == "channels_first" else 3


def _conv_bn(x, filters: int, rows: int, cols: int, padding: str = "same",
             strides=(1, 1), name: str | None = None):
    """Conv2D (no bias) -> BatchNormalization (no scale) -> ReLU."""
    x = layers.Conv2D(filters, (rows, cols), strides=strides, padding=padding,
                      use_bias=False, name=None if name is None else f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=_channel_axis(), scale=False,
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


def preprocess_input(x, data_format: str | None = None):
    """Scales RGB images with values in [0, 255] to [-1, 1], as Inception V3 expects.

    Args:
        x: a NumPy array or a tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The scaled images (float32; a NumPy input is not modified in place).

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
