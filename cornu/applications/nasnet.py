"""NASNet-A (Zoph et al., "Learning Transferable Architectures for Scalable Image
Recognition", CVPR 2018) in its Mobile and Large sizes, layer for layer as Keras builds
them, so that Keras's published ImageNet weights load into them.

Unlike Keras, which refuses the ``channels_first`` image format for NASNet (and
NASNetMobile on its torch backend), cornu builds both models in either format.
"""

from __future__ import annotations

import functools

from cornu import layers
from cornu.applications import _common, imagenet_utils
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/"
# (default_size, include_top) -> (file name in the cache, file at _BASE_URL, md5)
_WEIGHT_FILES = {
    (224, True): ("nasnet_mobile.h5", "NASNet-mobile.h5", "020fb642bf7360b370c678b08e0adf61"),
    (224, False): ("nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
                   "1ed92395b5b598bdda52abe5c0dbfd63"),
    (331, True): ("nasnet_large.h5", "NASNet-large.h5", "11577c9a518f0070763c2b964a382f17"),
    (331, False): ("nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
                   "d81d89dc07e6e56530c4e77faddd61b5"),
}
_BN = {"momentum": 0.9997, "epsilon": 1e-3}


def NASNet(input_shape=None, penultimate_filters: int = 4032, num_blocks: int = 6,
           stem_block_filters: int = 96, skip_reduction: bool = True,
           filter_multiplier: int = 2, include_top: bool = True, weights="imagenet",
           input_tensor=None, pooling=None, classes: int = 1000, default_size=None,
           classifier_activation="softmax", name: str = "NASNet") -> Model:
    """Builds a NASNet-A network of any size (``NASNetMobile`` and ``NASNetLarge`` are the
    two published ones).

    Args:
        input_shape: the image shape without the batch axis (each side at least 32).
        penultimate_filters: the width of the last cell; a multiple of
            ``24 * filter_multiplier ** 2``.
        num_blocks: normal cells between two reduction cells.
        stem_block_filters: filters of the first convolution.
        skip_reduction: whether a reduction cell's input (rather than its output) feeds
            the next normal cell as its "previous" input.
        filter_multiplier: the width factor at each reduction.
        include_top, weights, input_tensor, pooling, classes, classifier_activation, name:
            as in :func:`NASNetLarge`.
        default_size: the image side the weights were trained at (224 or 331; default 331).

    Returns:
        A functional ``Model``.
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    _common.check_arguments("NASNet", args)
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        raise ValueError(
            "NASNet with weights='imagenet' needs a fully defined `input_shape`; got "
            f"input_shape={input_shape}. Give every side a size."
        )
    if penultimate_filters % (24 * filter_multiplier**2) != 0:
        raise ValueError(
            "NASNet: `penultimate_filters` must be a multiple of 24 * filter_multiplier ** 2 "
            f"= {24 * filter_multiplier**2}; got penultimate_filters={penultimate_filters}."
        )
    default_size = 331 if default_size is None else default_size
    if weights == "imagenet" and default_size not in (224, 331):
        raise ValueError(
            "ImageNet weights exist only for NASNetMobile (default_size=224) and NASNetLarge "
            f"(default_size=331); got default_size={default_size}. Pass weights=None."
        )
    img_input, _ = _common.image_input(args, default_size=default_size)
    filters = penultimate_filters // 24

    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid",
                      use_bias=False, name="stem_conv1", kernel_initializer="he_normal")(
                          img_input)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name="stem_bn1", **_BN)(x)

    p = None
    x, p = _reduction_cell(x, p, filters // filter_multiplier**2, "stem_1")
    x, p = _reduction_cell(x, p, filters // filter_multiplier, "stem_2")
    for stage in range(3):
        width = filters * filter_multiplier**stage
        if stage > 0:
            x, p_reduced = _reduction_cell(x, p, width, f"reduce_{stage * num_blocks}")
            p = p if skip_reduction else p_reduced
        first = stage * num_blocks + (stage > 0)  # Keras numbers cells 0..n-1, n+1.., 2n+1..
        for i in range(num_blocks):
            x, p = _normal_cell(x, p, width, f"{first + i}")
    x = layers.Activation("relu")(x)

    weights_file = None
    if weights == "imagenet":
        fname, url_name, file_hash = _WEIGHT_FILES[(default_size, bool(include_top))]
        weights_file = (fname, _BASE_URL + url_name, file_hash)
    top = functools.partial(_common.classifier, pool_name=None)
    return _common.finish(x, img_input, args, top=top, weights_file=weights_file)


@_common.documented(default_size=224, top="the ``classes``-way classifier")
def NASNetMobile(input_shape=None, include_top: bool = True, weights="imagenet",
                 input_tensor=None, pooling=None, classes: int = 1000,
                 classifier_activation="softmax", name: str = "nasnet_mobile") -> Model:
    """Builds NASNet-A Mobile (4 @ 1056), optionally with Keras's ImageNet weights.

    Inputs are RGB images scaled by :func:`preprocess_input` (to [-1, 1]).

    Example:
        >>> model = NASNetMobile(weights=None, include_top=False, input_shape=(32, 32, 3))
        >>> model.output.shape
        (None, 1, 1, 1056)
    """
    if not include_top and input_shape is None:
        input_shape = (3, 224, 224) if _common.channels_first() else (224, 224, 3)
    return NASNet(input_shape, penultimate_filters=1056, num_blocks=4, stem_block_filters=32,
                  skip_reduction=False, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling,
                  classes=classes, default_size=224,
                  classifier_activation=classifier_activation, name=name)


@_common.documented(default_size=331, top="the ``classes``-way classifier")
def NASNetLarge(input_shape=None, include_top: bool = True, weights="imagenet",
                input_tensor=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "nasnet_large") -> Model:
    """Builds NASNet-A Large (6 @ 4032), optionally with Keras's ImageNet weights.

    Inputs are RGB images scaled by :func:`preprocess_input` (to [-1, 1]).
    """
    return NASNet(input_shape, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
                  skip_reduction=True, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling,
                  classes=classes, default_size=331,
                  classifier_activation=classifier_activation, name=name)


def _bn(name: str):
    return layers.BatchNormalization(axis=_common.channel_axis(), name=name, **_BN)


def _relu_conv_bn(x, filters: int, conv_name: str, bn_name: str, relu_name=None):
    """ReLU -> 1x1 Conv2D (no bias) -> BatchNormalization."""
    x = layers.Activation("relu", name=relu_name)(x)
    x = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same", use_bias=False,
                      name=conv_name, kernel_initializer="he_normal")(x)
    return _bn(bn_name)(x)


def _separable_conv_block(x, filters: int, kernel_size=(3, 3), strides=(1, 1),
                          block_id: str = ""):
    """Twice ReLU -> SeparableConv2D -> BatchNormalization; the first one may stride."""
    x = layers.Activation("relu")(x)
    if strides == (2, 2):
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                 name=f"separable_conv_1_pad_{block_id}")(x)
        padding = "valid"
    else:
        padding = "same"
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides, padding=padding,
                               use_bias=False, name=f"separable_conv_1_{block_id}")(x)
    x = _bn(f"separable_conv_1_bn_{block_id}")(x)
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, kernel_size, padding="same", use_bias=False,
                               name=f"separable_conv_2_{block_id}")(x)
    return _bn(f"separable_conv_2_bn_{block_id}")(x)


def _adjust_block(p, ip, filters: int, block_id: str):
    """Brings the previous cell's output ``p`` to the size and width of ``ip``."""
    if p is None:
        return ip
    side = 2 if _common.channels_first() else -2
    if p.shape[side] != ip.shape[side]:
        # Halve the resolution along two paths, the second shifted by one pixel.
        p = layers.Activation("relu", name=f"adjust_relu_1_{block_id}")(p)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name=f"adjust_avg_pool_1_{block_id}")(p)
        p1 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False,
                           name=f"adjust_conv_1_{block_id}",
                           kernel_initializer="he_normal")(p1)
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name=f"adjust_avg_pool_2_{block_id}")(p2)
        p2 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False,
                           name=f"adjust_conv_2_{block_id}",
                           kernel_initializer="he_normal")(p2)
        p = layers.concatenate([p1, p2], axis=_common.channel_axis())
        return _bn(f"adjust_bn_{block_id}")(p)
    if p.shape[_common.channel_axis()] != filters:
        return _relu_conv_bn(p, filters, f"adjust_conv_projection_{block_id}",
                             f"adjust_bn_{block_id}")
    return p


def _avg_pool(strides, padding: str, name: str):
    return layers.AveragePooling2D((3, 3), strides=strides, padding=padding, name=name)


def _normal_cell(ip, p, filters: int, block_id: str):
    """A NASNet-A normal cell; returns ``(output, ip)``."""
    p = _adjust_block(p, ip, filters, block_id)
    h = _relu_conv_bn(ip, filters, f"normal_conv_1_{block_id}", f"normal_bn_1_{block_id}")

    x1 = layers.add([
        _separable_conv_block(h, filters, (5, 5), block_id=f"normal_left1_{block_id}"),
        _separable_conv_block(p, filters, block_id=f"normal_right1_{block_id}"),
    ], name=f"normal_add_1_{block_id}")
    x2 = layers.add([
        _separable_conv_block(p, filters, (5, 5), block_id=f"normal_left2_{block_id}"),
        _separable_conv_block(p, filters, (3, 3), block_id=f"normal_right2_{block_id}"),
    ], name=f"normal_add_2_{block_id}")
    x3 = _avg_pool((1, 1), "same", f"normal_left3_{block_id}")(h)
    x3 = layers.add([x3, p], name=f"normal_add_3_{block_id}")
    x4 = layers.add([
        _avg_pool((1, 1), "same", f"normal_left4_{block_id}")(p),
        _avg_pool((1, 1), "same", f"normal_right4_{block_id}")(p),
    ], name=f"normal_add_4_{block_id}")
    x5 = _separable_conv_block(h, filters, block_id=f"normal_left5_{block_id}")
    x5 = layers.add([x5, h], name=f"normal_add_5_{block_id}")
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=_common.channel_axis(),
                           name=f"normal_concat_{block_id}")
    return x, ip


def _reduction_cell(ip, p, filters: int, block_id: str):
    """A NASNet-A reduction cell (halves the resolution); returns ``(output, ip)``."""
    p = _adjust_block(p, ip, filters, block_id)
    h = _relu_conv_bn(ip, filters, f"reduction_conv_1_{block_id}",
                      f"reduction_bn_1_{block_id}")
    h3 = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(h, 3),
                              name=f"reduction_pad_1_{block_id}")(h)

    def sep(x, kernel, side):
        return _separable_conv_block(x, filters, kernel, strides=(2, 2),
                                     block_id=f"reduction_{side}_{block_id}")

    def max_pool(name):
        return layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid", name=name)

    x1 = layers.add([sep(h, (5, 5), "left1"), sep(p, (7, 7), "right1")],
                    name=f"reduction_add_1_{block_id}")
    x2 = layers.add([max_pool(f"reduction_left2_{block_id}")(h3), sep(p, (7, 7), "right2")],
                    name=f"reduction_add_2_{block_id}")
    x3 = layers.add([_avg_pool((2, 2), "valid", f"reduction_left3_{block_id}")(h3),
                     sep(p, (5, 5), "right3")], name=f"reduction_add3_{block_id}")
    x4 = _avg_pool((1, 1), "same", f"reduction_left4_{block_id}")(x1)
    x4 = layers.add([x2, x4])
    x5 = layers.add([
        _separable_conv_block(x1, filters, (3, 3), block_id=f"reduction_left4_{block_id}"),
        max_pool(f"reduction_right5_{block_id}")(h3),
    ], name=f"reduction_add4_{block_id}")
    x = layers.concatenate([x2, x3, x4, x5], axis=_common.channel_axis(),
                           name=f"reduction_concat_{block_id}")
    return x, ip


preprocess_input = _common.preprocess_input_of("NASNet", "tf", __name__)
