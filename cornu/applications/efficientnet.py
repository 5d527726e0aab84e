"""EfficientNet B0 to B7 (Tan and Le, "EfficientNet: Rethinking Model Scaling for
Convolutional Neural Networks", ICML 2019), layer for layer as Keras builds them, so that
Keras's published ImageNet weights load into them.

The models take RGB images with values in [0, 255]: their first layers rescale and
normalize them (the normalization's mean and variance come with the ImageNet weights), and
:func:`preprocess_input` is the identity.

Example:
    >>> model = EfficientNetB0(weights=None, include_top=False, input_shape=(32, 32, 3))
    >>> model.output.shape
    (None, 1, 1, 1280)
"""

from __future__ import annotations

import functools
import math

from cornu import layers
from cornu.applications import _common, imagenet_utils
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/keras-applications/"
# variant -> (md5 of the file with the classifier, of the one without)
_WEIGHT_HASHES = {
    "b0": ("902e53a9f72be733fc0bcb005b3ebbac", "50bc09e76180e00e4465e1a485ddc09d"),
    "b1": ("1d254153d4ab51201f1646940f018540", "74c4e6b3e1f6a1eea24c589628592432"),
    "b2": ("b15cce36ff4dcbd00b6dd88e7857a6ad", "111f8e2ac8aa800a7a99e3239f7bfb39"),
    "b3": ("ffd1fdc53d0ce67064dc6a9c7960ede0", "af6d107764bb5b1abb91932881670226"),
    "b4": ("18c95ad55216b8f92d7e70b3a046e2fc", "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    "b5": ("ace28f2a6363774853a83a0b21b9421a", "38879255a25d3c92d5e44e04ae6cec6f"),
    "b6": ("165f6e37dce68623721b423839de8be5", "9ecce42647a20130c1f39a5d4cb75743"),
    "b7": ("8c03f828fec3ef71311cd463b6759d99", "cbcfe4450ddf6f3ad90b1b398090fe4a"),
}
# variant -> (width coefficient, depth coefficient, image side, top dropout rate)
_VARIANTS = {
    "b0": (1.0, 1.0, 224, 0.2), "b1": (1.0, 1.1, 240, 0.2), "b2": (1.1, 1.2, 260, 0.3),
    "b3": (1.2, 1.4, 300, 0.3), "b4": (1.4, 1.8, 380, 0.4), "b5": (1.6, 2.2, 456, 0.4),
    "b6": (1.8, 2.6, 528, 0.5), "b7": (2.0, 3.1, 600, 0.5),
}
# The seven stages of B0: (kernel, repeats, filters in, filters out, expansion, stride);
# every block has squeeze-and-excite (ratio 0.25) and a residual where shapes allow.
_STAGES = ((3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2),
           (3, 3, 40, 80, 6, 2), (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2),
           (3, 1, 192, 320, 6, 1))
_SE_RATIO = 0.25
_DROP_CONNECT_RATE = 0.2
_IMAGENET_STD = (0.229, 0.224, 0.225)
CONV_KERNEL_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"},
}
DENSE_KERNEL_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 1.0 / 3.0, "mode": "fan_out", "distribution": "uniform"},
}

_SUMMARY = """Builds EfficientNet-{upper}, optionally with Keras's ImageNet weights.

    The model takes RGB images with values in [0, 255] and normalizes them itself.
"""


def _efficientnet(variant: str, args: _common.Arguments) -> Model:
    width, depth, default_size, dropout_rate = _VARIANTS[variant]
    img_input = _common.model_input(f"EfficientNet{variant.upper()}", args,
                                    default_size=default_size)
    bn_axis = _common.bn_axis()

    def round_filters(filters: int) -> int:
        return _common.make_divisible(filters * width)

    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=bn_axis)(x)
    if args.weights == "imagenet":
        # The published normalization holds the variance std**2, but the original model
        # divided by the variance, not the std: a second division by the std matches it.
        x = layers.Rescaling([1.0 / math.sqrt(std) for std in _IMAGENET_STD])(x)
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3), name="stem_conv_pad")(x)
    x = layers.Conv2D(round_filters(32), 3, strides=2, padding="valid", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name="stem_bn")(x)
    x = layers.Activation("swish", name="stem_activation")(x)

    repeats = [int(math.ceil(depth * stage[1])) for stage in _STAGES]
    total, done = float(sum(repeats)), 0
    for i, ((kernel, _, f_in, f_out, expand, stride), n) in enumerate(zip(_STAGES, repeats)):
        f_in, f_out = round_filters(f_in), round_filters(f_out)
        for j in range(n):
            x = _block(x, _DROP_CONNECT_RATE * done / total, f"block{i + 1}{chr(j + 97)}_",
                       f_in if j == 0 else f_out, f_out, kernel, stride if j == 0 else 1,
                       expand)
            done += 1

    x = layers.Conv2D(round_filters(1280), 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name="top_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name="top_bn")(x)
    x = layers.Activation("swish", name="top_activation")(x)
    top = functools.partial(_common.classifier, dropout=dropout_rate,
                            kernel_initializer=DENSE_KERNEL_INITIALIZER)
    weights_file = _common.published_file(_BASE_URL, f"efficientnet{variant}",
                                          args.include_top, _WEIGHT_HASHES[variant])
    return _common.finish(x, img_input, args, named_pooling=True, top=top,
                          weights_file=weights_file)


def _squeeze_excite(x, filters: int, filters_in: int, activation: str, name: str,
                   se_ratio: float = _SE_RATIO):
    """Gates the channels of ``x`` by a two-layer bottleneck over their global average
    (EfficientNet and EfficientNetV2 build it the same way)."""
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    se_shape = (filters, 1, 1) if _common.channels_first() else (1, 1, filters)
    se = layers.Reshape(se_shape, name=f"{name}se_reshape")(se)
    se = layers.Conv2D(max(1, int(filters_in * se_ratio)), 1, padding="same",
                       activation=activation, kernel_initializer=CONV_KERNEL_INITIALIZER,
                       name=f"{name}se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid",
                       kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}se_expand")(se)
    return layers.multiply([x, se], name=f"{name}se_excite")


def _residual(x, inputs, drop_rate: float, name: str):
    """``x + inputs``, dropping whole samples of ``x`` at rate ``drop_rate`` in training
    (stochastic depth)."""
    if drop_rate > 0:
        x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=f"{name}drop")(x)
    return layers.add([x, inputs], name=f"{name}add")


def _block(inputs, drop_rate: float, name: str, filters_in: int, filters_out: int,
           kernel_size: int, strides: int, expand_ratio: int):
    """The mobile inverted bottleneck: expand (1x1) -> depthwise -> squeeze-and-excite ->
    project (1x1, linear), with a residual when the shapes allow."""
    bn_axis = _common.bn_axis()
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = layers.Conv2D(filters, 1, padding="same", use_bias=False,
                          kernel_initializer=CONV_KERNEL_INITIALIZER,
                          name=f"{name}expand_conv")(x)
        x = layers.BatchNormalization(axis=bn_axis, name=f"{name}expand_bn")(x)
        x = layers.Activation("swish", name=f"{name}expand_activation")(x)
    if strides == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                 name=f"{name}dwconv_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=strides,
                               padding="valid" if strides == 2 else "same", use_bias=False,
                               depthwise_initializer=CONV_KERNEL_INITIALIZER,
                               name=f"{name}dwconv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name=f"{name}bn")(x)
    x = layers.Activation("swish", name=f"{name}activation")(x)
    x = _squeeze_excite(x, filters, filters_in, "swish", name)
    x = layers.Conv2D(filters_out, 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}project_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name=f"{name}project_bn")(x)
    if strides == 1 and filters_in == filters_out:
        x = _residual(x, inputs, drop_rate, name)
    return x


def _constructor(variant: str):
    upper, size = variant.upper(), _VARIANTS[variant][2]
    doc = _SUMMARY.format(upper=upper) + _common.args_doc(
        default_size=size, top="the ``classes``-way classifier")
    return _common.constructor(f"EfficientNet{upper}", __name__,
                               functools.partial(_efficientnet, variant), doc,
                               default_name=f"efficientnet{variant}")


EfficientNetB0 = _constructor("b0")
EfficientNetB1 = _constructor("b1")
EfficientNetB2 = _constructor("b2")
EfficientNetB3 = _constructor("b3")
EfficientNetB4 = _constructor("b4")
EfficientNetB5 = _constructor("b5")
EfficientNetB6 = _constructor("b6")
EfficientNetB7 = _constructor("b7")
preprocess_input = _common.preprocess_input_of("EfficientNet", None, __name__)
