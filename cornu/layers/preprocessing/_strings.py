"""Inputs of the string layers: NumPy arrays, lists and scalars, never tensors of text."""

from __future__ import annotations

import numpy as np

from cornu import backend, ops


def is_symbolic(x) -> bool:
    if isinstance(x, backend.KerasTensor):
        return True
    if isinstance(x, (list, tuple)):
        return any(isinstance(e, backend.KerasTensor) for e in x)
    return False


def to_numpy(x, strings_as=str) -> np.ndarray:
    """``x`` as a NumPy array; text becomes an object array of ``str`` (bytes are decoded)."""
    if backend.is_tensor(x):
        return np.asarray(ops.convert_to_numpy(x))
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # tf.Tensor and friends
        x = x.numpy()
    arr = np.asarray(x, dtype=object) if _has_text(x) else np.asarray(x)
    if arr.dtype.kind in "SUO":
        out = np.empty(arr.shape, dtype=object)
        flat_in, flat_out = arr.reshape(-1), out.reshape(-1)
        for i, v in enumerate(flat_in):
            flat_out[i] = v.decode("utf-8") if isinstance(v, bytes) else v
        return out
    return arr


def _has_text(x) -> bool:
    if isinstance(x, (str, bytes)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "SUO"
    if isinstance(x, (list, tuple)):
        return any(_has_text(e) for e in x[:1]) if x else False
    return False


def is_text(arr: np.ndarray) -> bool:
    return arr.dtype == object and (arr.size == 0 or isinstance(arr.reshape(-1)[0], str))


def to_tensor(arr: np.ndarray, dtype: str):
    return ops.convert_to_tensor(np.asarray(arr, dtype=dtype))
