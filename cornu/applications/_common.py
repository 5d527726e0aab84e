"""What the application families share (private): the argument checks and the image input
before a body; the classifier or pooling, the ``Model`` and its weights after it; the
channel axis and MobileNet's channel rounding; each module's ``preprocess_input``; the
constructors with Keras's common signature and their documentation.

Example:
    >>> from cornu import layers
    >>> args = Arguments(include_top=False, weights=None, input_shape=(32, 32, 3),
    ...                  pooling="avg", name="tiny")
    >>> img_input = model_input("Tiny", args, default_size=224)
    >>> x = layers.Conv2D(8, 3, name="conv")(img_input)
    >>> model = finish(x, img_input, args, named_pooling=True)
    >>> [layer.name for layer in model.layers][1:], model.output.shape
    (['conv', 'avg_pool'], (None, 8))
"""

from __future__ import annotations

import dataclasses
import textwrap
import warnings
from collections.abc import Callable
from typing import Any

from cornu import layers
from cornu.applications import imagenet_utils
from cornu.backend import config
from cornu.backend.common.keras_tensor import is_keras_tensor
from cornu.models import Model

_POOLINGS = (None, "avg", "max")

# --- channels -----------------------------------------------------------------------------


def channels_first() -> bool:
    """Whether images are laid out (batch, channels, rows, cols)."""
    return config.image_data_format() == "channels_first"


def channel_axis() -> int:
    """The channel axis of a 4D batch as -1 (or 1 for ``channels_first``)."""
    return 1 if channels_first() else -1


def bn_axis() -> int:
    """The channel axis of a 4D batch as 3 (or 1), the way Keras writes it for ResNet,
    DenseNet, Inception and EfficientNet: it is stored in the layers' configs."""
    return 1 if channels_first() else 3


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """``value`` rounded to the nearest multiple of ``divisor`` (at least ``min_value``),
    never more than 10% below ``value``: the channel rounding of the MobileNet papers."""
    min_value = divisor if min_value is None else min_value
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


# --- before the body: arguments and the image input ---------------------------------------


@dataclasses.dataclass(frozen=True)
class Arguments:
    """The arguments that every application constructor takes, under Keras's names and
    with Keras's defaults (``name=None``: the family's default name)."""

    include_top: bool = True
    weights: Any = "imagenet"
    input_tensor: Any = None
    input_shape: tuple | None = None
    pooling: str | None = None
    classes: int = 1000
    classifier_activation: Any = "softmax"
    name: str | None = None


def check_arguments(model: str, args: Arguments, alpha: float | None = None) -> None:
    """Checks the arguments every constructor shares, before anything is built or
    downloaded (``alpha``: the width multiplier of the MobileNets)."""
    if args.pooling not in _POOLINGS:
        raise ValueError(
            f"{model}: `pooling` must be None (the 4D feature map), 'avg' or 'max'; got "
            f"pooling={args.pooling!r}."
        )
    if alpha is not None and not alpha > 0:
        raise ValueError(
            f"{model}: `alpha` (the width multiplier) must be a positive number, e.g. 1.0 or "
            f"0.5; got alpha={alpha!r}."
        )
    imagenet_utils.check_weights_argument(args.weights, args.include_top, args.classes)
    if args.include_top:
        imagenet_utils.validate_activation(args.classifier_activation, args.weights)


def image_input(args: Arguments, *, default_size: int, min_size: int = 32) -> tuple:
    """The checked image shape (see :func:`imagenet_utils.obtain_input_shape`) and the
    model's input of that shape (or ``args.input_tensor``): ``(tensor, shape)``."""
    input_shape = imagenet_utils.obtain_input_shape(
        args.input_shape, default_size=default_size, min_size=min_size,
        data_format=config.image_data_format(), require_flatten=args.include_top,
        weights=args.weights)
    return imagenet_utils.image_input(args.input_tensor, input_shape), input_shape


def model_input(model: str, args: Arguments, *, default_size: int, min_size: int = 32):
    """:func:`check_arguments`, then the image input tensor of :func:`image_input`."""
    check_arguments(model, args)
    return image_input(args, default_size=default_size, min_size=min_size)[0]


def image_side(input_shape, input_tensor) -> tuple:
    """(rows, cols) of the images: from ``input_shape``, else from a symbolic
    ``input_tensor``; (None, None) when neither says."""
    shape = input_shape
    if shape is None and input_tensor is not None and is_keras_tensor(input_tensor):
        shape = tuple(input_tensor.shape)[1:]
    if shape is None or len(shape) != 3:
        return None, None
    return tuple(shape[1:3]) if channels_first() else tuple(shape[0:2])


def check_input_tensor(model: str, input_shape, input_tensor) -> None:
    """A symbolic ``input_tensor`` given with ``input_shape`` must have its image size."""
    if input_shape is None or input_tensor is None:
        return
    given = image_side(None, input_tensor)
    if None not in given and given != image_side(tuple(input_shape), None):
        raise ValueError(
            f"{model}: `input_tensor` has images of size {given[0]}x{given[1]} but "
            f"input_shape={tuple(input_shape)}. Pass only one of them, or make them agree."
        )


def sized_input(model: str, args: Arguments, sizes: tuple,
                tensor_sets_size: bool = False) -> tuple:
    """The image input of a model whose ImageNet weights exist for square images of each
    side in ``sizes`` (else 224); the default size is the input's side where it is one of
    them (the side of a symbolic ``input_tensor`` too, with ``tensor_sets_size``).

    Returns:
        ``(tensor, rows)``: the input, and the image side of the weights to load (with
        ``weights="imagenet"``; a warning says when it is not the input's) or the input's
        number of rows.
    """
    rows, cols = image_side(args.input_shape, args.input_tensor if tensor_sets_size else None)
    default_size = rows if rows == cols and rows in sizes else 224
    img_input, input_shape = image_input(args, default_size=default_size)
    rows, cols = image_side(input_shape, None)
    if args.weights != "imagenet" or (rows == cols and rows in sizes):
        return img_input, rows
    size = "not fixed" if rows is None or cols is None else f"{rows}x{cols}"
    warnings.warn(
        f"{model}: ImageNet weights exist for square inputs of side {sizes}; the input "
        f"size is {size}, so the weights trained at 224x224 are loaded.",
        stacklevel=3,
    )
    return img_input, 224


# --- after the body: classifier or pooling, the model, its weights ------------------------


def classifier(x, classes: int, classifier_activation, *, pool_name: str | None = "avg_pool",
               dropout: float = 0.0, **dense_options):
    """Global average pooling (``pool_name``), optionally dropout ("top_dropout"), and the
    ``classes``-way "predictions" layer (``dense_options`` go to its ``Dense``)."""
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    if dropout > 0:
        x = layers.Dropout(dropout, name="top_dropout")(x)
    return layers.Dense(classes, activation=classifier_activation, name="predictions",
                        **dense_options)(x)


def pooled(x, pooling, *, named: bool = False):
    """The ``include_top=False`` ending: the feature map, or its global average or max
    (named "avg_pool" / "max_pool" where Keras names them)."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name="avg_pool" if named else None)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name="max_pool" if named else None)(x)
    return x


# The stem of the file names of Keras's older published weights ("vgg16" + TF_KERNELS).
TF_KERNELS = "_weights_tf_dim_ordering_tf_kernels"


def published_file(base_url: str, stem: str, include_top: bool, hashes: tuple = (None, None),
              no_top: str = "_notop") -> tuple:
    """``(fname, origin, file_hash)`` of Keras's published weights: ``<stem>.h5`` with the
    classifier, ``<stem><no_top>.h5`` without it, under ``base_url``; ``hashes`` holds the
    two files' hashes (with the classifier first)."""
    fname = f"{stem}{'' if include_top else no_top}.h5"
    return fname, base_url + fname, hashes[0 if include_top else 1]


def make_model(x, img_input, args: Arguments, weights_file: tuple | None = None) -> Model:
    """The ``Model`` from the source inputs to ``x``, with ``args.weights`` loaded
    ("imagenet": ``weights_file``, the ``(fname, origin, file_hash)`` of the published
    file, e.g. from :func:`published_file`)."""
    model = Model(imagenet_utils.model_inputs(args.input_tensor, img_input), x, name=args.name)
    imagenet_utils.load_weights(model, args.weights, *(weights_file or ()))
    return model


def finish(x, img_input, args: Arguments, *, named_pooling: bool = False,
           top: Callable = classifier, weights_file: tuple | None = None) -> Model:
    """``top(x, classes, classifier_activation)`` or :func:`pooled`, then
    :func:`make_model`."""
    if args.include_top:
        x = top(x, args.classes, args.classifier_activation)
    else:
        x = pooled(x, args.pooling, named=named_pooling)
    return make_model(x, img_input, args, weights_file)


# --- the public functions of a module -----------------------------------------------------

_PREPROCESSING = {
    "caffe": "converts them to BGR and subtracts the ImageNet mean of each channel, without "
             "scaling",
    "tf": "scales them to [-1, 1]",
    "torch": "scales them to [0, 1], subtracts the ImageNet mean and divides by its "
             "standard deviation",
}


def preprocess_input_of(model: str, mode: str | None, module: str) -> Callable:
    """The ``preprocess_input(x, data_format=None)`` of ``module``, for RGB images with
    values in [0, 255]: :func:`imagenet_utils.preprocess_input` in ``mode`` ("caffe",
    "tf" or "torch"), or (``mode=None``) the identity, for models that normalize their
    inputs themselves.

    Example:
        >>> import numpy as np
        >>> caffe = preprocess_input_of("VGG16", "caffe", __name__)
        >>> caffe(np.array([[[[0.0, 0.0, 255.0]]]])).round(3).tolist()
        [[[[151.061, -116.779, -123.68]]]]
        >>> preprocess_input_of("Xception", "tf", __name__)(np.array([0.0, 255.0])).tolist()
        [-1.0, 1.0]
    """
    if mode is None:
        def preprocess_input(x, data_format: str | None = None):
            return x

        summary = (f"Returns ``x`` unchanged: {model} models normalize their inputs "
                   "themselves, so they take RGB images with values in [0, 255].")
        entries = ("x: images (any array or tensor).",
                "data_format: ignored; accepted for the common ``preprocess_input`` "
                "signature.")
        returns = "``x`` itself."
    else:
        def preprocess_input(x, data_format: str | None = None):
            return imagenet_utils.preprocess_input(x, data_format=data_format, mode=mode)

        summary = (f"Preprocesses RGB images with values in [0, 255] for {model}: "
                   f'{_PREPROCESSING[mode]} ("{mode}" mode).')
        entries = ("x: a NumPy array, a tensor or a symbolic tensor of images (3D or 4D).",
                'data_format: "channels_last" or "channels_first" (default: the global '
                "setting).")
        returns = ("The preprocessed images (integers become float32; a NumPy input is "
                   "left as it is).")
    preprocess_input.__module__ = module  # where pickle and help() look
    preprocess_input.__qualname__ = "preprocess_input"
    preprocess_input.__doc__ = "\n".join([
        textwrap.fill(summary, 88, subsequent_indent="    "), "", "    Args:",
        *(textwrap.fill(a, 88, initial_indent=" " * 8, subsequent_indent=" " * 12)
          for a in entries),
        "", "    Returns:", textwrap.fill(returns, 88, initial_indent=" " * 8,
                                         subsequent_indent=" " * 8), ""])
    return preprocess_input


_ARGS_DOC = """
    Args:
{include_top}
{before}        weights: None (random initialization), "imagenet" (Keras's published weights,
            downloaded once), or the path of a weights file to load.
        input_tensor: an optional tensor (e.g. ``cornu.Input(...)``) to use as the input.
        input_shape: the image shape without the batch axis, each side at least {min_size}
            (default ({size}, {size}, 3)); sides may be None only with
            ``include_top=False``, and the ImageNet classifier takes only the default.
        pooling: with ``include_top=False``: None (the 4D feature map), "avg" or "max"
            (global pooling to a 2D tensor){pooling}.
        classes: the number of classes of the classifier (1000 for ImageNet weights).
        classifier_activation: the classifier's activation ("softmax", None for logits);
            with pretrained weights only None or "softmax".
{after}        name: the model's name{name}.

    Returns:
        A functional ``Model``.
"""


def args_doc(*, default_size: int = 224, min_size: int = 32,
             top: str = "global average pooling and the ``classes``-way classifier",
             before: str = "", after: str = "", pooling: str = "", name: str = "") -> str:
    """The ``Args:`` and ``Returns:`` sections of a constructor with Keras's common
    arguments; ``before`` / ``after`` hold other arguments' entries (indented 8 spaces,
    ending in a newline), ``pooling`` / ``name`` end those arguments' sentences."""
    include_top = textwrap.fill(f"include_top: whether to end with {top}.", 88,
                                initial_indent=" " * 8, subsequent_indent=" " * 12)
    return _ARGS_DOC.format(include_top=include_top, before=before, after=after,
                            min_size=min_size, size=default_size, pooling=pooling, name=name)


def documented(**options) -> Callable:
    """A decorator that writes :func:`args_doc` (``options``) into a constructor's
    docstring, before its ``Example:`` section if it has one."""

    def document(func: Callable) -> Callable:
        summary, example = func.__doc__, ""
        if "\n    Example:" in summary:
            summary, example = summary.split("\n    Example:", 1)
            example = "\n    Example:" + example
        func.__doc__ = summary.rstrip() + "\n" + args_doc(**options) + example
        return func

    return document


def constructor(public_name: str, module: str, build: Callable[[Arguments], Model],
                doc: str, *, default_name: str) -> Callable[..., Model]:
    """The constructor ``public_name`` of ``module`` with Keras's common signature
    (``include_top, weights, input_tensor, input_shape, pooling, classes,
    classifier_activation, name``), passing its :class:`Arguments` to ``build``."""

    def build_model(include_top: bool = True, weights="imagenet", input_tensor=None,
                    input_shape=None, pooling=None, classes: int = 1000,
                    classifier_activation="softmax", name: str = default_name) -> Model:
        return build(Arguments(include_top, weights, input_tensor, input_shape, pooling,
                               classes, classifier_activation, name))

    build_model.__name__ = build_model.__qualname__ = public_name
    build_model.__module__ = module
    build_model.__doc__ = doc
    return build_model
