"""Label encoding and vector normalization helpers."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu import backend, ops


def to_categorical(x: Any, num_classes: int | None = None, dtype: str | None = None) -> Any:
    """One-hot encodes integer class labels.

    A trailing axis of size 1 (labels shaped ``(n, 1)``) is dropped first, so the result
    has shape ``x.shape + (num_classes,)`` without it. NumPy arrays and lists give a NumPy
    array (float64, as in Keras 3); tensors give a tensor (float32).

    Args:
        x: integer labels in ``[0, num_classes)``.
        num_classes: the number of classes; by default ``max(x) + 1``.
        dtype: the output dtype (Keras 2 had this argument); by default float64 for
            NumPy input and float32 for tensors.

    Returns:
        The one-hot array or tensor.

    Example:
        >>> from cornu.utils import to_categorical
        >>> to_categorical([0, 2, 1], num_classes=3).tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    if backend.is_tensor(x):
        if len(x.shape) > 1 and x.shape[-1] == 1:
            x = ops.squeeze(x, axis=-1)
        if num_classes is None:
            num_classes = int(ops.max(x)) + 1
        return ops.one_hot(ops.cast(x, "int64"), int(num_classes), dtype=dtype or "float32")
    labels = np.asarray(x)
    if labels.size and not np.all(np.equal(np.mod(labels, 1), 0)):
        raise ValueError(
            "to_categorical: expected integer class labels, got non-integer values such as "
            f"{labels[np.mod(labels, 1) != 0].ravel()[0]!r}. Round or encode the labels first."
        )
    labels = labels.astype("int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    num_classes = int(num_classes)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must lie in [0, num_classes={num_classes}), got values "
            f"from {labels.min()} to {labels.max()}. Pass a larger `num_classes` or remap "
            "the labels."
        )
    out = np.zeros((labels.shape[0], num_classes), dtype=dtype or "float64")
    out[np.arange(labels.shape[0]), labels] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x: Any, axis: int | None = -1, order: int = 2) -> Any:
    """Divides ``x`` by its ``order``-norm along ``axis`` (zero vectors stay zero).

    NumPy arrays and lists give a NumPy array; tensors give a tensor.

    Args:
        x: the array to normalize.
        axis: the axis of the vectors; None normalizes the whole array as one vector.
        order: the norm order (2 for Euclidean, 1 for the sum of absolute values).

    Returns:
        The normalized array or tensor.

    Example:
        >>> from cornu.utils import normalize
        >>> normalize([[3.0, 4.0], [0.0, 0.0]]).tolist()
        [[0.6, 0.8], [0.0, 0.0]]
    """
    if not isinstance(order, (int, np.integer)) or order < 1:
        raise ValueError(f"normalize: `order` must be an integer >= 1, got order={order!r}.")
    if backend.is_tensor(x):
        if axis is None:
            norm = ops.norm(ops.reshape(x, (-1,)), ord=order)
        else:
            norm = ops.norm(x, ord=order, axis=axis, keepdims=True)
        return ops.divide(x, ops.maximum(norm, backend.epsilon()))
    x = np.asarray(x)
    if axis is None:
        norm = np.linalg.norm(x.reshape(-1), order)
        return x / (norm if norm else 1)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)
