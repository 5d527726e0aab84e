"""MobileNetV3 Small and Large (Howard et al., "Searching for MobileNetV3", ICCV 2019),
layer for layer as Keras builds them, so that Keras's published ImageNet weights load into
them.

The models take RGB images with values in [0, 255]: with ``include_preprocessing=True``
(the default) their first layer scales them to [-1, 1], and :func:`preprocess_input` is the
identity.
"""

from __future__ import annotations

import functools
import warnings

from cornu import layers
from cornu.applications import _common, imagenet_utils
from cornu.applications._common import channel_axis, image_side, make_divisible
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.backend.common.keras_tensor import is_keras_tensor
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
# weights name -> (md5 of the file with the classifier, of the one without)
_WEIGHT_HASHES = {
    "large_224_0.75_float": ("765b44a33ad4005b3ac83185abf1d0eb",
                             "40af19a13ebea4e2ee0c676887f69a2e"),
    "large_224_1.0_float": ("59e551e166be033d707958cf9e29a6a7",
                            "07fb09a5933dd0c8eaafa16978110389"),
    "large_minimalistic_224_1.0_float": ("675e7b876c45c57e9e63e6d90a36599c",
                                         "ec5221f64a2f6d1ef965a614bdae7973"),
    "small_224_0.75_float": ("cb65d4e5be93758266aa0a7f2c6708b7",
                             "ebdb5cc8e0b497cd13a7c275d475c819"),
    "small_224_1.0_float": ("8768d4c2e7dee89b9d02b2d03d65d862",
                            "d3e8ec802a04aa4fc771ee12a9a9b836"),
    "small_minimalistic_224_1.0_float": ("99cd97fb2fcdad2bf028eb838de69e37",
                                         "cde8136e733e811080d9fcd8a252f7e4"),
}
_BN = {"epsilon": 1e-3, "momentum": 0.999}
_SE_RATIO = 0.25

# The inverted residual blocks: (expansion, filters before alpha, kernel, stride,
# squeeze-and-excite, activation). A kernel of None is the model's (5, or 3 when
# minimalistic); "relu" blocks always use ReLU, "main" ones the model's activation
# (hard swish, or ReLU when minimalistic). Minimalistic models have no squeeze-and-excite.
_SMALL_BLOCKS = (
    (1, 16, 3, 2, True, "relu"), (72 / 16, 24, 3, 2, False, "relu"),
    (88 / 24, 24, 3, 1, False, "relu"), (4, 40, None, 2, True, "main"),
    (6, 40, None, 1, True, "main"), (6, 40, None, 1, True, "main"),
    (3, 48, None, 1, True, "main"), (3, 48, None, 1, True, "main"),
    (6, 96, None, 2, True, "main"), (6, 96, None, 1, True, "main"),
    (6, 96, None, 1, True, "main"),
)
_LARGE_BLOCKS = (
    (1, 16, 3, 1, False, "relu"), (4, 24, 3, 2, False, "relu"),
    (3, 24, 3, 1, False, "relu"), (3, 40, None, 2, True, "relu"),
    (3, 40, None, 1, True, "relu"), (3, 40, None, 1, True, "relu"),
    (6, 80, 3, 2, False, "main"), (2.5, 80, 3, 1, False, "main"),
    (2.3, 80, 3, 1, False, "main"), (2.3, 80, 3, 1, False, "main"),
    (6, 112, 3, 1, True, "main"), (6, 112, 3, 1, True, "main"),
    (6, 160, None, 2, True, "main"), (6, 160, None, 1, True, "main"),
    (6, 160, None, 1, True, "main"),
)

_ARGS_DOC = """
    Args:
        input_shape: the image shape without the batch axis (each side at least 32);
            default: that of ``input_tensor``, else any size with 3 channels.
        alpha: the width multiplier: the blocks have ``alpha`` times the paper's filters
            (rounded to multiples of 8). ImageNet weights exist for 0.75 and 1.0 (only 1.0
            when minimalistic).
        minimalistic: drop squeeze-and-excite, hard swish and 5x5 kernels (a model that
            suits more accelerators).
        include_top: whether to end with the ``classes``-way classifier.
        weights: None (random initialization), "imagenet" (Keras's published weights,
            trained at 224x224, downloaded once), or the path of a weights file to load.
        input_tensor: an optional symbolic tensor to use as the model's input.
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max".
        dropout_rate: the dropout rate before the classifier (0 for none).
        classifier_activation: the classifier's activation ("softmax", None for logits).
        include_preprocessing: whether the model starts by scaling [0, 255] to [-1, 1].
        name: the model's name.

    Returns:
        A functional ``Model``.
"""


def _constructor(model_type: str, blocks: tuple, last_point_filters: int, example: str):
    title = model_type.capitalize()

    def build(input_shape=None, alpha: float = 1.0, minimalistic: bool = False,
              include_top: bool = True, weights="imagenet", input_tensor=None,
              classes: int = 1000, pooling=None, dropout_rate: float = 0.2,
              classifier_activation="softmax", include_preprocessing: bool = True,
              name: str = f"MobileNetV3{title}") -> Model:
        args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling,
                                 classes, classifier_activation, name)
        return _mobilenet_v3(blocks, last_point_filters, model_type, args, alpha=alpha,
                             minimalistic=minimalistic, dropout_rate=dropout_rate,
                             include_preprocessing=include_preprocessing)

    build.__name__ = build.__qualname__ = f"MobileNetV3{title}"
    build.__doc__ = (f"Builds MobileNetV3 {title}, optionally with Keras's ImageNet weights.\n"
                     + _ARGS_DOC + example)
    return build


MobileNetV3Small = _constructor("small", _SMALL_BLOCKS, 1024, """
    Example:
        >>> model = MobileNetV3Small(weights=None, input_shape=(32, 32, 3), classes=10)
        >>> model.output.shape
        (None, 10)
""")
MobileNetV3Large = _constructor("large", _LARGE_BLOCKS, 1280, """
    Example:
        >>> model = MobileNetV3Large(weights=None, input_shape=(32, 32, 3),
        ...                          include_top=False, minimalistic=True)
        >>> model.output.shape
        (None, 1, 1, 960)
""")


def _mobilenet_v3(blocks, last_point_filters: int, model_type: str, args: _common.Arguments,
                  *, alpha, minimalistic, dropout_rate, include_preprocessing) -> Model:
    model = "MobileNetV3" + model_type.capitalize()
    _common.check_arguments(model, args, alpha)
    input_shape = _input_shape(model, args.input_shape, args.input_tensor, args.weights)
    if args.weights == "imagenet":
        _check_imagenet_config(model, alpha, minimalistic, input_shape)

    img_input = imagenet_utils.image_input(args.input_tensor, input_shape)
    axis = channel_axis()
    main = _relu if minimalistic else _hard_swish
    kernel = 3 if minimalistic else 5

    x = img_input
    if include_preprocessing:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
                      name="conv")(x)
    x = layers.BatchNormalization(axis=axis, name="conv_bn", **_BN)(x)
    x = main(x)
    for block_id, (expansion, filters, size, stride, se, act) in enumerate(blocks):
        x = _inverted_res_block(
            x, expansion, make_divisible(filters * alpha), size or kernel, stride,
            _SE_RATIO if se and not minimalistic else None,
            _relu if act == "relu" else main, block_id)

    last_conv_filters = make_divisible(x.shape[axis] * 6)
    if alpha > 1.0:
        last_point_filters = make_divisible(last_point_filters * alpha)
    x = layers.Conv2D(last_conv_filters, kernel_size=1, padding="same", use_bias=False,
                      name="conv_1")(x)
    x = layers.BatchNormalization(axis=axis, name="conv_1_bn", **_BN)(x)
    x = main(x)
    weights_file = None
    if args.weights == "imagenet":
        key = f"{model_type}{'_minimalistic' if minimalistic else ''}_224_{float(alpha)}_float"
        weights_file = _common.published_file(_BASE_URL, f"weights_mobilenet_v3_{key}",
                                              args.include_top, _WEIGHT_HASHES[key],
                                              no_top="_no_top_v2")
    top = functools.partial(_top, last_point_filters=last_point_filters, activation=main,
                            dropout_rate=dropout_rate)
    return _common.finish(x, img_input, args, named_pooling=True, top=top,
                          weights_file=weights_file)


def _top(x, classes: int, classifier_activation, *, last_point_filters: int, activation,
         dropout_rate: float):
    """Pooling, a 1x1 convolution to ``last_point_filters`` and the classifier as a 1x1
    convolution ("logits")."""
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Conv2D(last_point_filters, kernel_size=1, padding="same", use_bias=True,
                      name="conv_2")(x)
    x = activation(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate)(x)
    x = layers.Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
    x = layers.Flatten()(x)
    return layers.Activation(classifier_activation, name="predictions")(x)


def _input_shape(model: str, input_shape, input_tensor, weights) -> tuple:
    """The image shape: given, else that of ``input_tensor``, else free sides; checked."""
    channels_first = channel_axis() == 1
    if input_shape is None and input_tensor is not None and is_keras_tensor(input_tensor):
        input_shape = tuple(input_tensor.shape)[1:]
    if input_shape is None:
        input_shape = (3, None, None) if channels_first else (None, None, 3)
    input_shape = tuple(input_shape)
    if len(input_shape) != 3:
        raise ValueError(f"{model}: `input_shape` must be (rows, cols, channels) (or "
                         f"channels first); got input_shape={input_shape}.")
    _common.check_input_tensor(model, input_shape, input_tensor)
    rows, cols = image_side(input_shape, None)
    if (rows is not None and rows < 32) or (cols is not None and cols < 32):
        raise ValueError(f"{model}: images must be at least 32x32; got "
                         f"input_shape={input_shape}.")
    channels = input_shape[0] if channels_first else input_shape[-1]
    if weights == "imagenet" and channels != 3:
        raise ValueError(f"{model}: the ImageNet weights take 3-channel images; got "
                         f"input_shape={input_shape}. Pass weights=None for other images.")
    return input_shape


def _check_imagenet_config(model: str, alpha, minimalistic, input_shape) -> None:
    allowed = (1.0,) if minimalistic else (0.75, 1.0)
    if alpha not in allowed:
        kind = "minimalistic" if minimalistic else "non-minimalistic"
        raise ValueError(
            f"{model}: ImageNet weights of {kind} models exist for alpha in {allowed}; got "
            f"alpha={alpha}. Pass one of these or weights=None."
        )
    rows, cols = image_side(input_shape, None)
    if None not in (rows, cols) and (rows, cols) != (224, 224):
        warnings.warn(
            f"{model}: the ImageNet weights were trained on 224x224 images; the input is "
            f"{rows}x{cols}. They load, but accuracy may be lower.", stacklevel=4)


def _relu(x):
    return layers.ReLU()(x)


def _hard_swish(x):
    return layers.Activation("hard_swish")(x)


def _hard_sigmoid(x):
    # relu6(x + 3) / 6, written as Keras writes it so that the layers match
    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _se_block(inputs, filters: int, se_ratio: float, prefix: str):
    """Squeeze-and-excite: per-channel gates from the globally pooled features."""
    x = layers.GlobalAveragePooling2D(keepdims=True,
                                      name=f"{prefix}squeeze_excite_avg_pool")(inputs)
    x = layers.Conv2D(make_divisible(filters * se_ratio), kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv")(x)
    x = layers.ReLU(name=f"{prefix}squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return layers.Multiply(name=f"{prefix}squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x, expansion: float, filters: int, kernel_size: int, stride: int,
                        se_ratio, activation, block_id: int):
    """Expand (1x1) -> depthwise -> squeeze-and-excite -> project (1x1, linear), with a
    residual when the shapes allow. Block 0 has no expansion."""
    axis = channel_axis()
    shortcut = x
    in_filters = x.shape[axis]
    expanded = make_divisible(in_filters * expansion)
    prefix = f"expanded_conv_{block_id}_" if block_id else "expanded_conv_"
    if block_id:
        x = layers.Conv2D(expanded, kernel_size=1, padding="same", use_bias=False,
                          name=f"{prefix}expand")(x)
        x = layers.BatchNormalization(axis=axis, name=f"{prefix}expand_bn", **_BN)(x)
        x = activation(x)
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                 name=f"{prefix}depthwise_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride,
                               padding="same" if stride == 1 else "valid", use_bias=False,
                               name=f"{prefix}depthwise")(x)
    x = layers.BatchNormalization(axis=axis, name=f"{prefix}depthwise_bn", **_BN)(x)
    x = activation(x)
    if se_ratio:
        x = _se_block(x, expanded, se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", use_bias=False,
                      name=f"{prefix}project")(x)
    x = layers.BatchNormalization(axis=axis, name=f"{prefix}project_bn", **_BN)(x)
    if stride == 1 and in_filters == filters:
        x = layers.Add(name=f"{prefix}add")([shortcut, x])
    return x


preprocess_input = _common.preprocess_input_of("MobileNetV3", None, __name__)
