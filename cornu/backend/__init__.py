"""The engine seam. The backend named by config is imported once, here.

Everything above this package calls ``cornu.ops`` or the names re-exported below; only
``cornu/backend/<name>/`` imports the engine itself.
"""

from __future__ import annotations

import importlib
import os

# Sleeping (not spinning) OpenMP workers: on shared or small CPUs, spin-waiting made epochs
# 10-40x slower at random. Effective when cornu is imported before the engine; the user's
# own OMP_WAIT_POLICY wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from cornu.backend.common import dtypes as _dtypes
from cornu.backend.common.dtypes import standardize_dtype
from cornu.backend.common.keras_tensor import KerasTensor, any_symbolic, is_keras_tensor
from cornu.backend.common.naming import reset_uids
from cornu.backend.config import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
    standardize_data_format,
)

_impl = importlib.import_module(f"cornu.backend.{backend()}")

core = _impl.core
core_ops = _impl.core_ops
linalg = _impl.linalg
math = _impl.math
numpy = _impl.numpy
nn = _impl.nn
random = _impl.random

Variable = core.Variable
Tensor = core.Tensor
convert_to_tensor = core.convert_to_tensor
convert_to_numpy = core.convert_to_numpy
cast = core.cast
is_tensor = core.is_tensor
to_engine_dtype = core.to_engine_dtype
compute_output_spec = core.compute_output_spec
default_device = core.default_device
is_compiling = core.is_compiling


def layer_base():
    """The engine's module class that every cornu Layer also inherits from."""
    return importlib.import_module(f"cornu.backend.{backend()}.layer").LayerMixin


def trainer_module():
    return importlib.import_module(f"cornu.backend.{backend()}.trainer")


def jit_module():
    """The engine's ``jit_compile`` support (None when the engine has no compiler)."""
    try:
        return importlib.import_module(f"cornu.backend.{backend()}.jit")
    except ImportError:
        return None


def optimizer_module():
    return importlib.import_module(f"cornu.backend.{backend()}.optimizer")


def data_module():
    """The engine's data helpers: loader detection and host-to-device batch copies."""
    return importlib.import_module(f"cornu.backend.{backend()}.data")


def clear_session() -> None:
    """Forgets the auto-generated names, so that the next ``Dense`` is "dense" again."""
    reset_uids()


def get_uid(prefix: str = "") -> int:
    """1, 2, 3... on successive calls with the same ``prefix`` (``clear_session`` restarts)."""
    from cornu.backend.common import naming

    key = ("get_uid", prefix)  # a tuple: never one of the layer names counted there
    naming._counts[key] += 1
    return naming._counts[key]


def is_float_dtype(dtype) -> bool:
    """Whether ``dtype`` (a name, NumPy or engine dtype) is a floating-point type."""
    return _dtypes.is_float(dtype)


def is_int_dtype(dtype) -> bool:
    """Whether ``dtype`` is a signed or unsigned integer type (bool is not)."""
    return _dtypes.is_int(dtype)


# Keras 3's type promotion (the JAX lattice): Python ``int``/``float`` are "weak" types that
# defer to the other operands. Each entry lists the types directly above a type.
_LATTICE = {
    "bool": ("int",),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("float",),
    "int": ("uint8", "int8", "complex64"),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("bfloat16", "float16"),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    "complex64": ("complex128",),
    "complex128": (),
}
_TO_32_BITS = {"int64": "int32", "uint64": "uint32", "float64": "float32",
               "complex128": "complex64"}
_UPPER: dict = {}


def _upper_bounds(node: str) -> frozenset:
    """``node`` and every type above it on the lattice."""
    if node not in _UPPER:
        above = {node}
        for parent in _LATTICE[node]:
            above |= _upper_bounds(parent)
        _UPPER[node] = frozenset(above)
    return _UPPER[node]


def _least_upper_bound(nodes, dtypes) -> str:
    for node in nodes:
        if node not in _LATTICE:
            raise ValueError(
                f"result_type: dtype {node!r} has no place in Keras type promotion. "
                f"Received: dtypes={dtypes}"
            )
    common = frozenset.intersection(*(_upper_bounds(n) for n in nodes))
    least = [c for c in common if common <= _upper_bounds(c)]
    if len(least) != 1:
        raise ValueError(
            f"result_type: the dtypes {dtypes} have no implicit promotion path; cast them "
            "explicitly first."
        )
    return least[0]


def result_type(*dtypes) -> str:
    """The dtype that Keras 3 promotes ``dtypes`` to (Python ``int``/``float`` are weak).

    64-bit results come back as their 32-bit types, as in Keras; no arguments give
    ``floatx()`` and ``None`` stands for ``floatx()``.
    """
    if not dtypes:
        return floatx()
    names, weak = [], []
    for dtype in dtypes:
        weak.append(dtype is int or dtype is float)
        names.append(standardize_dtype(floatx() if dtype is None else dtype))
    if len(names) == 1:
        out, out_weak = names[0], weak[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(set(names), dtypes), True
    else:
        nodes = {_weak_node(n) if w else n for n, w in zip(names, weak)}
        out = _least_upper_bound(nodes, dtypes)
        out_weak = out in ("int", "float")
    if out_weak and out != "bool":
        bits = floatx()[-2:]
        if out.startswith("int"):
            out = f"int{bits}"
        elif out.startswith("uint"):
            out = f"uint{bits}"
        else:
            out = f"float{bits}"
    return _TO_32_BITS.get(out, out)


def _remat(function):
    """``function`` recomputing its activations in the backward pass (saves memory)."""
    if backend() != "torch":
        raise NotImplementedError(f"remat: not available on the {backend()!r} engine.")
    import functools

    from torch.utils.checkpoint import checkpoint

    @functools.wraps(function)
    def rematerialized(*args, **kwargs):
        return checkpoint(function, *args, use_reentrant=False, **kwargs)

    return rematerialized


def _weak_node(name: str) -> str:
    """The weak lattice node of a Python ``int`` ("int64") or ``float`` ("float32")."""
    return "float" if "float" in name else "int"


__all__ = [
    "KerasTensor",
    "Variable",
    "any_symbolic",
    "backend",
    "cast",
    "clear_session",
    "convert_to_numpy",
    "convert_to_tensor",
    "epsilon",
    "floatx",
    "get_uid",
    "image_data_format",
    "is_float_dtype",
    "is_int_dtype",
    "is_keras_tensor",
    "result_type",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "standardize_data_format",
    "standardize_dtype",
]


def is_engine_module(x) -> bool:
    """True for a module of the engine (``torch.nn.Module``) that is not a cornu Layer."""
    return importlib.import_module(f"cornu.backend.{backend()}.layer").is_engine_module(x)


def __getattr__(name):
    # Keras 2's ``K.dot``, ``K.int_shape``... live in cornu.legacy.backend (one-time warning).
    if name.startswith("_"):
        raise AttributeError(f"module 'cornu.backend' has no attribute {name!r}")
    from cornu.legacy.backend._names import LEGACY_NAMES

    if name in LEGACY_NAMES:
        from cornu.legacy import backend as legacy_backend

        return getattr(legacy_backend, name)
    raise AttributeError(f"module 'cornu.backend' has no attribute {name!r}")
