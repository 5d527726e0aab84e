"""What every ImageNet application shares: input checks, ``preprocess_input`` in its three
modes, ``decode_predictions`` (the class index ships with cornu), and weight files.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend import config
from cornu.backend.common.keras_tensor import is_keras_tensor

_CLASS_INDEX_FILE = os.path.join(os.path.dirname(__file__), "imagenet_class_index.json")
_CLASS_INDEX: list | None = None

# (mean, std) in RGB order; "caffe" subtracts the mean from BGR images and has no std.
_CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)
_MODES = ("caffe", "tf", "torch")


def _class_index() -> list:
    global _CLASS_INDEX
    if _CLASS_INDEX is None:
        with open(_CLASS_INDEX_FILE, encoding="utf-8") as f:
            table = json.load(f)
        _CLASS_INDEX = [tuple(table[str(i)]) for i in range(len(table))]
    return _CLASS_INDEX


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds`` as ``(wnid, name, score)``.

    Args:
        preds: an array of shape ``(batch, 1000)``, e.g. ``model.predict(images)``.
        top: how many classes to return per image, best first.

    Returns:
        A list (one per image) of lists of ``(class_id, class_name, score)`` tuples.

    Example:
        >>> import numpy as np
        >>> p = np.zeros((1, 1000)); p[0, 1] = 0.9; p[0, 0] = 0.1
        >>> decode_predictions(p, top=2)[0]
        [('n01443537', 'goldfish', 0.9), ('n01440764', 'tench', 0.1)]
    """
    preds = np.asarray(ops.convert_to_numpy(preds))
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "decode_predictions expects a batch of ImageNet predictions, an array of shape "
            f"(samples, 1000); got an array of shape {preds.shape}. Pass the output of a "
            "model built with include_top=True and classes=1000."
        )
    index = _class_index()
    results = []
    for row in preds:
        best = np.argsort(row)[-top:][::-1]
        results.append([index[i] + (float(row[i]),) for i in best])
    return results


def _channel_axis(ndim: int, data_format: str) -> int:
    """The channel axis of images of rank ``ndim`` (a single 3-D image has no batch axis)."""
    if data_format != "channels_first":
        return -1
    return 0 if ndim == 3 else 1


def preprocess_input(x, data_format: str | None = None, mode: str = "caffe"):
    """Scales a batch of RGB images (values 0-255) the way an ImageNet model expects.

    Args:
        x: a NumPy array, a tensor or a symbolic tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).
        mode: "caffe" (RGB to BGR, minus the ImageNet mean, no scaling), "tf" (scaled to
            [-1, 1]) or "torch" (scaled to [0, 1], minus the mean, divided by the std).

    Returns:
        The preprocessed images, float32 (a NumPy input is not modified in place).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.full((1, 1, 1, 3), 255.0), mode="tf").ravel().tolist()
        [1.0, 1.0, 1.0]
    """
    if mode not in _MODES:
        raise ValueError(f"preprocess_input: `mode` must be one of {_MODES}, got {mode!r}.")
    data_format = config.standardize_data_format(data_format)
    if isinstance(x, np.ndarray) or np.isscalar(x) or isinstance(x, (list, tuple)):
        return _preprocess_numpy(np.asarray(x), data_format, mode)
    return _preprocess_tensor(x, data_format, mode)


def _stats(mode: str):
    if mode == "caffe":
        return _CAFFE_MEAN_BGR, None
    return _TORCH_MEAN, _TORCH_STD


def _broadcast_shape(ndim: int, axis: int) -> list:
    shape = [1] * ndim
    shape[axis] = 3
    return shape


def _preprocess_numpy(x: np.ndarray, data_format: str, mode: str) -> np.ndarray:
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(config.floatx())
    else:
        x = x.copy()
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    axis = _channel_axis(x.ndim, data_format)
    if mode == "caffe":
        x = np.flip(x, axis=axis).copy()  # RGB -> BGR
    else:
        x /= 255.0
    mean, std = _stats(mode)
    # Channel by channel, as Keras does: an array whose channel axis is not 3 long (e.g.
    # channels_first data read as channels_last) is normalized in its first three channels
    # instead of failing to broadcast.
    for i in range(3):
        index = (slice(None),) * (axis % x.ndim) + (i,)
        x[index] -= mean[i]
        if std is not None:
            x[index] /= std[i]
    return x


def _preprocess_tensor(x, data_format: str, mode: str):
    if not is_keras_tensor(x):  # a symbolic input (a model's Input) stays symbolic
        x = ops.convert_to_tensor(x)
    if not ops.dtype(x).startswith(("float", "bfloat")):
        x = ops.cast(x, config.floatx())
    if mode == "tf":
        return x / 127.5 - 1.0
    ndim = len(x.shape)
    axis = _channel_axis(ndim, data_format)
    if mode == "caffe":
        x = ops.flip(x, axis=axis)
    else:
        x = x / 255.0
    mean, std = _stats(mode)
    shape = _broadcast_shape(ndim, axis)
    x = x - ops.reshape(ops.convert_to_tensor(np.asarray(mean, "float32")), shape)
    if std is not None:
        x = x / ops.reshape(ops.convert_to_tensor(np.asarray(std, "float32")), shape)
    return x


def obtain_input_shape(input_shape, default_size: int, min_size: int, data_format: str,
                       require_flatten: bool, weights: Any = None) -> tuple:
    """The model's input shape, checked against what its weights and top layers allow.

    Args:
        input_shape: the user's ``input_shape`` (or None).
        default_size: the side length the ImageNet weights were trained at.
        min_size: the smallest side length the architecture accepts.
        data_format: "channels_last" or "channels_first".
        require_flatten: True when the classifier top is included (the shape is then fixed).
        weights: the ``weights`` argument ("imagenet", None or a path).

    Returns:
        The shape without the batch axis, with None for free sides.
    """
    channels_first = data_format == "channels_first"
    if weights != "imagenet" and input_shape is not None and len(input_shape) == 3:
        channels = input_shape[0] if channels_first else input_shape[-1]
        default_shape = ((channels, default_size, default_size) if channels_first
                         else (default_size, default_size, channels))
    else:
        default_shape = ((3, default_size, default_size) if channels_first
                         else (default_size, default_size, 3))
    if weights == "imagenet" and require_flatten and input_shape is not None:
        if tuple(input_shape) != default_shape:
            raise ValueError(
                f"With weights='imagenet' and include_top=True, `input_shape` must be "
                f"{default_shape}; got input_shape={tuple(input_shape)}. Use "
                "include_top=False to take other image sizes."
            )
        return default_shape
    if input_shape is None:
        if require_flatten:
            return default_shape
        return (3, None, None) if channels_first else (None, None, 3)
    input_shape = tuple(input_shape)
    if len(input_shape) != 3:
        raise ValueError(
            f"`input_shape` must be a tuple of three integers (height, width, channels); got "
            f"input_shape={input_shape}."
        )
    channels, sides = ((input_shape[0], input_shape[1:]) if channels_first
                       else (input_shape[-1], input_shape[:2]))
    if weights == "imagenet" and channels != 3:
        raise ValueError(
            f"The ImageNet weights take 3-channel images; got input_shape={input_shape}. "
            "Pass weights=None to train a model on other images."
        )
    for side in sides:
        if side is not None and side < min_size:
            raise ValueError(
                f"Input size must be at least {min_size}x{min_size}; got "
                f"input_shape={input_shape}."
            )
    if require_flatten and None in sides:
        raise ValueError(
            "With include_top=True, `input_shape` must be fully defined (it fixes the size "
            f"of the classifier); got input_shape={input_shape}."
        )
    return input_shape


def correct_pad(inputs, kernel_size) -> tuple:
    """The ``ZeroPadding2D`` padding that makes a strided "valid" convolution act like a
    TensorFlow "same" one: ``((top, bottom), (left, right))``."""
    channels_first = config.image_data_format() == "channels_first"
    spatial = tuple(inputs.shape[2:4] if channels_first else inputs.shape[1:3])
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if spatial[0] is None else (1 - spatial[0] % 2, 1 - spatial[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights) -> None:
    """Pretrained tops only take ``softmax`` (or no activation)."""
    if weights is None:
        return
    from cornu import activations

    allowed = {activations.get("softmax"), activations.get(None)}
    if classifier_activation not in (None, "softmax") and (
            activations.get(classifier_activation) not in allowed):
        raise ValueError(
            "With pretrained weights, `classifier_activation` must be None or 'softmax'; got "
            f"classifier_activation={classifier_activation!r}. Pass weights=None to use "
            "another activation."
        )


def check_weights_argument(weights, include_top: bool, classes: int) -> None:
    """``weights`` must be "imagenet", None or an existing file; ImageNet tops have 1000."""
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        raise ValueError(
            "The `weights` argument should be None (random initialization), 'imagenet' "
            f"(pretrained on ImageNet) or the path to a weights file; got weights={weights!r} "
            "and no such file exists."
        )
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            "With weights='imagenet' and include_top=True, `classes` must be 1000; got "
            f"classes={classes}. Use include_top=False and add your own classifier."
        )


def image_input(input_tensor, shape: tuple, name: str = "input_layer"):
    """The model's input: a new ``Input`` of ``shape`` or the caller's ``input_tensor``."""
    from cornu.layers.core.input_layer import Input

    if input_tensor is None:
        return Input(shape=shape, name=name)
    if not is_keras_tensor(input_tensor):
        return Input(tensor=input_tensor, shape=shape, name=name)
    return input_tensor


def model_inputs(input_tensor, img_input):
    """What ``Model(inputs=...)`` takes: the source ``Input`` of ``input_tensor`` if given."""
    if input_tensor is None:
        return img_input
    from cornu.legacy.engine import get_source_inputs

    sources = get_source_inputs(input_tensor)
    return sources[0] if len(sources) == 1 else sources


def weights_path(fname: str, origin: str, file_hash: str | None) -> str:
    """The local path of a published weights file: fetched once into ``~/.cornu/models``
    (a good copy in ``~/.keras/models`` is reused; ``CORNU_WEIGHTS_MIRROR`` points at a
    mirror); offline, an ``OSError`` names the file and where to put it."""
    from cornu.utils.file_utils import get_file

    return get_file(fname, origin, cache_subdir="models", file_hash=file_hash)


def load_weights(model, weights, fname: str | None = None, origin: str | None = None,
                 file_hash: str | None = None) -> None:
    """Loads ``weights`` into ``model``: "imagenet" fetches ``origin``; a path loads a file."""
    if weights == "imagenet":
        if origin is None:
            raise ValueError(f"{model.name}: no ImageNet weights are published for this "
                             "configuration; pass weights=None.")
        model.load_weights(weights_path(fname, origin, file_hash))
    elif weights is not None:
        model.load_weights(weights)
