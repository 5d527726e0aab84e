"""The VGG network of Simonyan & Zisserman ("Very Deep Convolutional Networks for
Large-Scale Image Recognition", ICLR 2015), shared by VGG16 and VGG19 (private)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from cornu import layers
from cornu.applications import _common
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"
_FILTERS = (64, 128, 256, 512, 512)  # per block


def vgg(depth: int, convs_per_block: tuple, hashes: tuple, args: _common.Arguments) -> Model:
    """VGG with ``convs_per_block[i]`` 3x3 convolutions in block ``i + 1``; ``hashes``:
    those of the published weights (see :func:`constructor`)."""
    img_input = _common.model_input(f"VGG{depth}", args, default_size=224)
    x = img_input
    for block, (filters, convs) in enumerate(zip(_FILTERS, convs_per_block), start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    weights_file = _common.published_file(f"{_BASE_URL}vgg{depth}/",
                                          f"vgg{depth}{_common.TF_KERNELS}", args.include_top,
                                          hashes)
    return _common.finish(x, img_input, args, top=_top, weights_file=weights_file)


def _top(x, classes: int, classifier_activation):
    """Flatten, two 4096-wide ReLU layers, then the classifier."""
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc1")(x)
    x = layers.Dense(4096, activation="relu", name="fc2")(x)
    return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)


def constructor(depth: int, convs_per_block: tuple, hashes: tuple,
                module: str) -> Callable[..., Model]:
    """``VGG<depth>`` of ``module``, with Keras's signature; ``hashes``: the md5 of its
    published weights with the classifier and without it."""
    doc = (f"Builds VGG{depth} ({sum(convs_per_block)} convolutions in 5 blocks, then 3 "
           "dense layers).\n" + _common.args_doc(
               top="the three fully connected layers (flatten, fc1, fc2, predictions)"))
    build = functools.partial(vgg, depth, convs_per_block, hashes)
    return _common.constructor(f"VGG{depth}", module, build, doc, default_name=f"vgg{depth}")
