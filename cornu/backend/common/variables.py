"""Engine-free behaviour shared by every backend's ``Variable``."""

from __future__ import annotations

import numpy as np

from cornu.backend.common.dtypes import standardize_dtype
from cornu.backend.common.naming import uniquify


def standardize_shape(shape, what="shape") -> tuple:
    """Checks that ``shape`` is a tuple of non-negative ints (None allowed for unknowns)."""
    if shape is None:
        raise ValueError(f"{what}: a shape is required, got None.")
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise ValueError(f"{what}: expected a tuple of ints, got {shape!r}.") from None
    out = []
    for d in shape:
        if d is None:
            out.append(None)
            continue
        if hasattr(d, "item"):
            d = d.item()
        if not isinstance(d, (int, np.integer)) or d < 0:
            raise ValueError(f"{what}: expected non-negative ints or None, got {shape!r}.")
        out.append(int(d))
    return tuple(out)


class VariableMixin:
    """Naming, constraints and NumPy conversion; the engine class supplies the storage."""

    def _init_meta(self, name, trainable, constraint, aggregation, synchronization, path):
        if name is None:
            name = uniquify("variable")
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"Variable name must be a string without '/', got {name!r}."
            )
        self._name = name
        self._path = path or name
        self._trainable = bool(trainable)
        self.constraint = constraint
        self.aggregation = aggregation or "none"
        self.synchronization = synchronization or "auto"
        self.overwrite_with_gradient = False
        self.regularizer = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> str:
        return self._path

    @property
    def value(self):
        return self

    def numpy(self) -> np.ndarray:
        from cornu.backend import convert_to_numpy

        return convert_to_numpy(self)

    def __array__(self, dtype=None, copy=None):
        a = self.numpy()
        return a if dtype is None else a.astype(dtype)

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={tuple(self.shape)}, "
            f"dtype={standardize_dtype(self.dtype)}, value={self.numpy()}>"
        )
