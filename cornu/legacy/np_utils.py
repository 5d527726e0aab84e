"""Keras 1/2's ``keras.utils.np_utils``: label encoding helpers on NumPy arrays.

``to_categorical`` and ``normalize`` are ``cornu.utils``'s (``to_categorical`` also takes
Keras 1's ``nb_classes``); the others are Keras 1 functions that Keras 3 dropped.

Example:
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     to_categorical([0, 2], nb_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu.utils import numerical_utils
from cornu.utils.legacy import legacy_kwargs, warn_once
from cornu.utils.numerical_utils import normalize as normalize


def to_categorical(y: Any, num_classes: int | None = None, dtype: str | None = None,
                   **kwargs: Any) -> np.ndarray:
    """One-hot encodes integer labels; ``cornu.utils.to_categorical`` (``nb_classes`` is
    Keras 1's ``num_classes``)."""
    kwargs = legacy_kwargs("to_categorical", kwargs, {"nb_classes": "num_classes"})
    num_classes = kwargs.pop("num_classes", num_classes)
    if kwargs:
        raise TypeError(f"to_categorical: unexpected keyword argument(s) {sorted(kwargs)}.")
    if dtype is None:
        return numerical_utils.to_categorical(y, num_classes)
    return numerical_utils.to_categorical(y, num_classes, dtype=dtype)


def probas_to_classes(y_pred: Any) -> np.ndarray:
    """Keras 1: class indices from probabilities (argmax, or > 0.5 for one column)."""
    warn_once("probas_to_classes", "np_utils.probas_to_classes is Keras 1; use "
              "np.argmax(y_pred, axis=-1) (or y_pred > 0.5 for one sigmoid output).")
    y_pred = np.asarray(y_pred)
    if y_pred.ndim > 1 and y_pred.shape[-1] > 1:
        return np.argmax(y_pred, axis=-1)
    return (y_pred > 0.5).astype("int32").reshape(len(y_pred))


def categorical_probas_to_classes(p: Any) -> np.ndarray:
    """Keras 1: ``np.argmax(p, axis=1)``."""
    warn_once("categorical_probas_to_classes", "np_utils.categorical_probas_to_classes is "
              "Keras 1; use np.argmax(p, axis=1).")
    return np.argmax(np.asarray(p), axis=1)


def convert_kernel(kernel: Any) -> np.ndarray:
    """Keras 1/2: flips a convolution kernel's spatial axes (Theano <-> TensorFlow order)."""
    warn_once("convert_kernel", "np_utils.convert_kernel is Keras 1/2; flip the spatial "
              "axes with np.flip(kernel, axis=tuple(range(kernel.ndim - 2))).")
    kernel = np.asarray(kernel)
    return np.copy(kernel[(slice(None, None, -1),) * (kernel.ndim - 2)])
