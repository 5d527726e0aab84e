"""The VGG network of Simonyan & Zisserman ("Very Deep Convolutional Networks for
Large-Scale Image Recognition", ICLR 2015), shared by VGG16 and VGG19 (private)."""

from __future__ import annotations

from cornu import layers
from cornu.applications import _classic
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"
_FILTERS = (64, 128, 256, 512, 512)  # per block


def vgg(depth: int, convs_per_block: tuple, weight_files: dict, *, include_top: bool,
        weights, input_tensor, input_shape, pooling, classes: int, classifier_activation,
        name: str) -> Model:
    """VGG with ``convs_per_block[i]`` 3x3 convolutions in block ``i + 1``."""
    img_input = _classic.model_input(
        f"VGG{depth}", include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, default_size=224, min_size=32)
    x = img_input
    for block, (filters, convs) in enumerate(zip(_FILTERS, convs_per_block), start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    return _classic.finish(
        x, img_input, name=name, include_top=include_top, weights=weights,
        input_tensor=input_tensor, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, named_pooling=False,
        weight_files=weight_files, base_url=f"{_BASE_URL}vgg{depth}/", top=_top)


def _top(x, classes: int, classifier_activation):
    """Flatten, two 4096-wide ReLU layers, then the classifier."""
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc1")(x)
    x = layers.Dense(4096, activation="relu", name="fc2")(x)
    return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
