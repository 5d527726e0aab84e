"""``InputLayer`` and ``Input``: the entry points of functional models."""

from __future__ import annotations

from cornu import backend
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.layer import Layer
from cornu.layers.node import Node


class InputLayer(Layer):
    """The layer behind ``Input``: it produces a symbolic tensor of a given shape.

    Args:
        shape: the shape of one sample (without the batch dimension).
        batch_size: a fixed batch size, or None.
        dtype: the input dtype (default ``floatx()``).
        batch_shape: the full shape including the batch dimension (instead of ``shape``).
        name: the input's name (used to match dict inputs in ``fit``).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, **kwargs):
        if ragged:
            raise ValueError("InputLayer: ragged inputs are not supported (ragged=True).")
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "Input: pass `shape` (one sample's shape, e.g. shape=(28, 28)) or "
                    "`batch_shape`."
                )
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size, *shape)
        self._batch_shape = tuple(batch_shape)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        tensor = KerasTensor(self._batch_shape, dtype=self.dtype, name=self.name)
        Node(self, (), {}, tensor)
        self._output_tensor = tensor

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    def call(self, *args, **kwargs):
        return args[0] if args else None

    def get_config(self) -> dict:
        return {
            "batch_shape": self._batch_shape,
            "dtype": self.dtype,
            "sparse": self.sparse,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """Creates a symbolic input tensor for a functional model.

    Args:
        shape: one sample's shape, e.g. ``(32,)`` or ``(28, 28, 1)``; None entries are
            unknown sizes.
        batch_size: a fixed batch size, or None.
        dtype: dtype name, default ``floatx()``.
        name: a unique name.

    Returns:
        A ``KerasTensor``.

    Example:
        >>> import cornu
        >>> cornu.Input(shape=(32,)).shape
        (None, 32)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=backend.standardize_dtype(dtype),
                       sparse=sparse, batch_shape=batch_shape, name=name, optional=optional)
    return layer._output_tensor
