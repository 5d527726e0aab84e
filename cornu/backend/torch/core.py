"""Tensors, dtypes, devices and the ``Variable`` of the torch backend."""

from __future__ import annotations

import contextlib

import numpy as np
import torch

from cornu.backend.common.dtypes import standardize_dtype
from cornu.backend.common.variables import VariableMixin, standardize_shape
from cornu.backend.config import floatx

Tensor = torch.Tensor
SUPPORTS_SPARSE_TENSORS = False
IS_THREAD_SAFE = True

_TO_TORCH = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}

_DEVICE = {"name": None}


def _configure_cpu_math() -> None:
    """Flushes denormal floats to zero on the CPU, as TensorFlow does by default.

    Values below ~1e-38 (Adam's decaying moments, dead-ReLU gradients) otherwise run
    ~10-170x slower on x86. Set ``CORNU_FLUSH_DENORMAL=0`` to keep IEEE denormals.
    """
    import os

    if os.environ.get("CORNU_FLUSH_DENORMAL", "1") != "0":
        torch.set_flush_denormal(True)


_configure_cpu_math()


# True while torch.compile traces (a constant in the graph): Python-side caches keyed on
# shapes are skipped then, so that they do not become guards that force recompiles.
is_compiling = torch.compiler.is_compiling


def default_device() -> str:
    """``"cuda"`` when a GPU is visible, else ``"cpu"`` (``set_default_device`` overrides)."""
    if _DEVICE["name"] is None:
        _DEVICE["name"] = "cuda" if torch.cuda.is_available() else "cpu"
    return _DEVICE["name"]


def set_default_device(name: str) -> None:
    _DEVICE["name"] = str(name)


@contextlib.contextmanager
def device_scope(name: str):
    previous = _DEVICE["name"]
    _DEVICE["name"] = str(name)
    try:
        yield
    finally:
        _DEVICE["name"] = previous


def to_torch_dtype(dtype):
    """The torch dtype of a cornu dtype name (or of a torch dtype, passed through)."""
    if dtype is None:
        return None
    if isinstance(dtype, torch.dtype):
        return dtype
    return _TO_TORCH[standardize_dtype(dtype)]


def is_tensor(x) -> bool:
    return isinstance(x, torch.Tensor)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Returns ``x`` as a torch tensor on the default device, cast to ``dtype`` if given."""
    if isinstance(x, torch.Tensor):
        if dtype is None:
            return x
        tdtype = dtype if isinstance(dtype, torch.dtype) else _TO_TORCH.get(dtype) or (
            to_torch_dtype(dtype))
        return x if x.dtype == tdtype else x.to(tdtype)
    tdtype = to_torch_dtype(dtype)
    if isinstance(x, np.ndarray):  # NumPy arrays keep their dtype, as in Keras
        if x.ndim == 0:
            t = torch.as_tensor(x)
        else:
            t = torch.from_numpy(x if x.flags.c_contiguous else np.ascontiguousarray(x))
        return t.to(device=default_device(), dtype=tdtype or t.dtype)
    if isinstance(x, (bool, int, float, list, tuple, np.generic)):
        arr = np.asarray(x)
        if tdtype is None:
            if arr.dtype == np.float64:
                tdtype = to_torch_dtype(floatx())
            elif arr.dtype == np.int64 and not isinstance(x, np.generic):
                tdtype = torch.int32 if _fits_int32(arr) else torch.int64
        t = torch.as_tensor(arr)
        return t.to(device=default_device(), dtype=tdtype or t.dtype)
    if hasattr(x, "__array__") or hasattr(x, "numpy"):
        return convert_to_tensor(np.asarray(x), dtype=dtype)
    return torch.as_tensor(x, dtype=tdtype, device=default_device())


def _fits_int32(arr) -> bool:
    return arr.size == 0 or (arr.min() >= -(2**31) and arr.max() < 2**31)


def convert_to_numpy(x) -> np.ndarray:
    """Returns a NumPy copy of a tensor, a Variable, a list of them, or anything array-like."""
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.dtype == torch.bfloat16:
            x = x.float()
        host = x.cpu()
        # On the CPU .numpy() shares the tensor's memory: a snapshot (get_weights) would
        # change with the weights. Copy, as the contract says.
        return host.numpy().copy() if host.data_ptr() == x.data_ptr() else host.numpy()
    if isinstance(x, (list, tuple)):
        return np.array([convert_to_numpy(e) for e in x])
    return np.asarray(x)


def cast(x, dtype):
    x = convert_to_tensor(x)
    tdtype = to_torch_dtype(dtype)
    return x if x.dtype == tdtype else x.to(tdtype)


def standardize(dtype_of):
    return standardize_dtype(dtype_of)


def shape(x) -> tuple:
    return tuple(x.shape)


def dtype_of(x) -> str:
    return standardize_dtype(x.dtype)


def stop_gradient(x):
    return x.detach()


def device_of(x) -> str:
    return str(x.device)


def is_float_dtype(x) -> bool:
    return x.dtype.is_floating_point


class Variable(VariableMixin, torch.nn.Parameter):
    """A named, assignable tensor that a layer or optimizer owns.

    On the torch backend a ``Variable`` *is* a ``torch.nn.Parameter``: it goes straight into
    torch ops, appears in ``module.parameters()`` and ``state_dict()``, and moves with
    ``.to(device)``. Non-trainable variables have ``requires_grad=False``.

    Args:
        initializer: an initializer (callable taking ``shape, dtype``), a string name, or
            an array-like initial value.
        shape: the shape; inferred from an array-like initial value.
        dtype: dtype name, default ``floatx()`` for callables, the value's own otherwise.
        trainable: whether gradients flow to it and optimizers update it.
        name: a short name (no "/"); ``path`` adds the owning layer's name.

    Example:
        >>> import cornu
        >>> v = cornu.Variable([[1.0, 2.0]], name="w")
        >>> v.assign([[3.0, 4.0]]).numpy().tolist()
        [[3.0, 4.0]]
    """

    def __new__(
        cls,
        initializer=None,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        constraint=None,
        path=None,
    ):
        data = _initial_value(initializer, shape, dtype)
        requires_grad = bool(trainable) and (data.is_floating_point() or data.is_complex())
        return torch.Tensor._make_subclass(cls, data, requires_grad)

    def __init__(
        self,
        initializer=None,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        constraint=None,
        path=None,
    ):
        self._init_meta(name, trainable, constraint, aggregation, synchronization, path)
        self.autocast = autocast

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        if self.is_floating_point():
            self.requires_grad_(self._trainable)

    def assign(self, value):
        """Replaces the value in place (same shape), and returns the variable."""
        value = convert_to_tensor(value)
        if tuple(value.shape) != tuple(self.shape):
            raise ValueError(
                f"Variable '{self.path}' has shape {tuple(self.shape)}; cannot assign a value "
                f"of shape {tuple(value.shape)}."
            )
        with torch.no_grad():
            self.copy_(value)
        return self

    def assign_add(self, value):
        with torch.no_grad():
            self.add_(value if isinstance(value, (int, float)) else convert_to_tensor(value))
        return self

    def assign_sub(self, value):
        with torch.no_grad():
            self.sub_(value if isinstance(value, (int, float)) else convert_to_tensor(value))
        return self

    def numpy(self):
        return convert_to_numpy(self)

    def __deepcopy__(self, memo):
        new = Variable(
            self.detach().clone(),
            trainable=self._trainable,
            autocast=self.autocast,
            name=self._name,
            constraint=self.constraint,
            path=self._path,
        )
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, protocol):
        return (
            _rebuild_variable,
            (self.detach().cpu(), self._trainable, self._name, self._path, self.autocast),
        )

    __torch_function__ = torch._C._disabled_torch_function_impl


def _rebuild_variable(data, trainable, name, path, autocast=True):
    return Variable(data, trainable=trainable, name=name, path=path, autocast=autocast)


def _initial_value(initializer, shape, dtype):
    with _real_tensors():
        if callable(initializer) and not isinstance(initializer, torch.Tensor):
            shape = standardize_shape(shape, "Variable shape")
            if None in shape:
                raise ValueError(
                    f"Variable shape must be fully known to create the variable, got {shape}."
                )
            dtype = standardize_dtype(dtype) or floatx()
            value = initializer(shape, dtype=dtype)
        else:
            if isinstance(initializer, str):
                raise ValueError(
                    "A string initializer needs resolving first: use "
                    "`cornu.initializers.get(name)` (Layer.add_weight does this)."
                )
            value = initializer
        value = convert_to_tensor(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(
                f"Variable initial value has shape {tuple(value.shape)}, expected {tuple(shape)}."
            )
        return value.detach().to(default_device()).clone()


def _real_tensors():
    """Turns off fake-tensor tracing while a variable's real value is created."""
    try:
        from torch._subclasses.fake_tensor import unset_fake_temporarily
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    import sys

    if "torch._subclasses.fake_tensor" not in sys.modules:
        return contextlib.nullcontext()
    return unset_fake_temporarily()


def compute_output_spec(fn, *args, **kwargs):
    """Runs ``fn`` on shape-only fake tensors in place of KerasTensors; returns KerasTensors.

    Unknown dimensions (None) are traced with two different sizes; output dimensions that
    differ between the two traces are unknown too.
    """
    from torch._subclasses.fake_tensor import FakeTensorMode

    from cornu.backend.common.keras_tensor import KerasTensor
    from cornu.utils import tree

    def trace(fill):
        def to_fake(x):
            if isinstance(x, KerasTensor):
                shp = [fill if d is None else d for d in x.shape]
                return torch.empty(shp, dtype=to_torch_dtype(x.dtype))
            return x

        with FakeTensorMode(allow_non_fake_inputs=True):
            a = tree.map_structure(to_fake, args)
            k = tree.map_structure(to_fake, kwargs)
            return fn(*a, **k)

    out_a = trace(83)
    out_b = trace(89)

    def to_spec(a, b):
        if not isinstance(a, torch.Tensor):
            return a
        shp = tuple(None if da != db else int(da) for da, db in zip(a.shape, b.shape))
        return KerasTensor(shp, dtype=standardize_dtype(a.dtype))

    return tree.map_structure(to_spec, out_a, out_b)
to_engine_dtype = to_torch_dtype

