"""The symbolic tensor of functional models: a shape, a dtype, and where it came from."""

from __future__ import annotations

from cornu.backend.common.dtypes import standardize_dtype


class KerasTensor:
    """A placeholder with a known shape and dtype, produced by ``Input`` and layer calls.

    Calling a layer on a ``KerasTensor`` records a node of the functional graph instead of
    computing anything. ``shape`` is a tuple whose unknown dimensions are ``None``.
    """

    def __init__(self, shape, dtype="float32", sparse=False, name=None, record_history=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standardize_dtype(dtype)
        self.sparse = sparse
        self.name = name
        self._keras_history = record_history  # (operation, node_index, tensor_index)
        self._keras_mask = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def reshape(self, *shape):
        from cornu import ops

        return ops.reshape(self, shape[0] if len(shape) == 1 else shape)

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}{name}>"

    def __len__(self):
        raise TypeError(
            "A symbolic KerasTensor has no length: it stands for a batch of unknown size. "
            "Use `tensor.shape` instead."
        )

    def __iter__(self):
        raise TypeError("A symbolic KerasTensor cannot be iterated: it holds no values.")

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor has no truth value: it holds no values. Python `if` on "
            "it cannot be traced; use `ops.where` or `ops.cond` instead."
        )

    def numpy(self):
        raise ValueError(
            "A symbolic KerasTensor holds no values. Build a Model from it and call "
            "`model.predict(x)` to get numbers."
        )

    # Arithmetic builds graph nodes through cornu.ops.
    def _op(self, name, *args):
        from cornu import ops

        return getattr(ops, name)(*args)

    def __add__(self, o):
        return self._op("add", self, o)

    def __radd__(self, o):
        return self._op("add", o, self)

    def __sub__(self, o):
        return self._op("subtract", self, o)

    def __rsub__(self, o):
        return self._op("subtract", o, self)

    def __mul__(self, o):
        return self._op("multiply", self, o)

    def __rmul__(self, o):
        return self._op("multiply", o, self)

    def __truediv__(self, o):
        return self._op("divide", self, o)

    def __rtruediv__(self, o):
        return self._op("divide", o, self)

    def __matmul__(self, o):
        return self._op("matmul", self, o)

    def __rmatmul__(self, o):
        return self._op("matmul", o, self)

    def __pow__(self, o):
        return self._op("power", self, o)

    def __rpow__(self, o):
        return self._op("power", o, self)

    def __neg__(self):
        return self._op("negative", self)

    def __abs__(self):
        return self._op("absolute", self)

    def __lt__(self, o):
        return self._op("less", self, o)

    def __le__(self, o):
        return self._op("less_equal", self, o)

    def __gt__(self, o):
        return self._op("greater", self, o)

    def __ge__(self, o):
        return self._op("greater_equal", self, o)

    def __getitem__(self, key):
        from cornu import ops

        return ops.getitem(self, key)

    @property
    def T(self):
        return self._op("transpose", self)

    __hash__ = object.__hash__


def is_keras_tensor(x) -> bool:
    """True when ``x`` is a symbolic tensor of a functional model."""
    return isinstance(x, KerasTensor)


def any_symbolic(args, kwargs=None) -> bool:
    """True when a KerasTensor appears in ``args``/``kwargs`` (one list level deep)."""
    for a in args:
        if isinstance(a, KerasTensor):
            return True
        if isinstance(a, (list, tuple)):
            for b in a:
                if isinstance(b, KerasTensor):
                    return True
    if kwargs:
        return any_symbolic(tuple(kwargs.values()))
    return False
