"""The frame shared by VGG, ResNet, DenseNet and Xception (private): argument checks and the
input before a body, the classifier or pooling and the weights after it."""

from __future__ import annotations

from collections.abc import Callable

from cornu import layers
from cornu.applications import imagenet_utils
from cornu.backend import config
from cornu.models import Model

_POOLINGS = (None, "avg", "max")

# The arguments of the constructors whose images are at least 32x32, 224x224 by default.
ARGS_DOC = """
    Args:
        include_top: whether to end with global average pooling and the 1000-way (or
            ``classes``-way) classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional tensor (e.g. ``cornu.Input(...)``) to use as the input.
        input_shape: the image shape without the batch axis; only free when
            ``include_top=False`` (each side at least 32). Default (224, 224, 3).
        pooling: with ``include_top=False``: None (the 4D feature map of the last stage),
            "avg" or "max" (global pooling to a 2D tensor).
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits);
            with pretrained weights only None or "softmax".
        name: the model's name.

    Returns:
        A functional ``Model``.
"""


def bn_axis() -> int:
    """The channel axis of a 4D batch as Keras's ResNet and DenseNet write it (3 or 1)."""
    return 1 if config.image_data_format() == "channels_first" else 3


def model_input(model: str, *, include_top: bool, weights, input_tensor, input_shape,
                pooling, classes: int, classifier_activation, default_size: int,
                min_size: int):
    """Checks the arguments every constructor shares (before anything is built or
    downloaded); returns the image input tensor."""
    if pooling not in _POOLINGS:
        raise ValueError(
            f"{model}: `pooling` must be None (the 4D feature map), 'avg' or 'max'; got "
            f"pooling={pooling!r}."
        )
    imagenet_utils.check_weights_argument(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=min_size,
        data_format=config.image_data_format(), require_flatten=include_top, weights=weights)
    return imagenet_utils.image_input(input_tensor, input_shape)


def classifier(x, classes: int, classifier_activation):
    """Global average pooling ("avg_pool") and the ``classes``-way "predictions" layer."""
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)


def pooled(x, pooling, named: bool):
    """The ``include_top=False`` ending: the feature map, or its global average or max
    (named "avg_pool" / "max_pool" where Keras names them)."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name="avg_pool" if named else None)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name="max_pool" if named else None)(x)
    return x


def finish(x, img_input, *, name: str, include_top: bool, weights, input_tensor, pooling,
           classes: int, classifier_activation, named_pooling: bool,
           weight_files: dict[bool, tuple[str, str]] | None, base_url: str,
           top: Callable | None = None) -> Model:
    """Adds the top (``top`` or :func:`classifier`) or the pooling, builds the model and
    loads ``weights`` ("imagenet": the published file ``weight_files[include_top]``)."""
    if include_top:
        x = (top or classifier)(x, classes, classifier_activation)
    else:
        x = pooled(x, pooling, named_pooling)
    model = Model(imagenet_utils.model_inputs(input_tensor, img_input), x, name=name)
    fname, file_hash = (weight_files or {}).get(bool(include_top), (None, None))
    origin = None if fname is None else base_url + fname
    imagenet_utils.load_weights(model, weights, fname, origin, file_hash)
    return model
