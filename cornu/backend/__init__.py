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
    "image_data_format",
    "is_keras_tensor",
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
