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


def layer_base():
    """The engine's module class that every cornu Layer also inherits from."""
    return importlib.import_module(f"cornu.backend.{backend()}.layer").LayerMixin


def trainer_module():
    return importlib.import_module(f"cornu.backend.{backend()}.trainer")


def optimizer_module():
    return importlib.import_module(f"cornu.backend.{backend()}.optimizer")


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


_LEGACY_K = {
    # Keras 1/2 ``keras.backend`` functions (``K.dot``, ``K.sum``...) map onto cornu.ops.
    "dot": "dot", "sum": "sum", "mean": "mean", "max": "max", "min": "min", "abs": "abs",
    "sqrt": "sqrt", "square": "square", "exp": "exp", "log": "log", "pow": "power",
    "clip": "clip", "concatenate": "concatenate", "reshape": "reshape", "transpose": "transpose",
    "expand_dims": "expand_dims", "squeeze": "squeeze", "stack": "stack", "relu": "relu",
    "sigmoid": "sigmoid", "softmax": "softmax", "tanh": "tanh", "maximum": "maximum",
    "minimum": "minimum", "argmax": "argmax", "argmin": "argmin", "equal": "equal",
    "cast": "cast", "zeros": "zeros", "ones": "ones", "zeros_like": "zeros_like",
    "ones_like": "ones_like", "std": "std", "var": "var", "prod": "prod", "cumsum": "cumsum",
    "sign": "sign", "round": "round", "tile": "tile", "repeat": "repeat", "gather": "take",
    "batch_dot": "einsum", "l2_normalize": "l2_normalize", "binary_crossentropy":
    "binary_crossentropy", "categorical_crossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "one_hot": "one_hot", "shape": "shape", "dtype": "dtype", "stop_gradient": "stop_gradient",
    "any": "any", "all": "all", "flatten": "ravel", "permute_dimensions": "transpose",
    "switch": "where", "elu": "elu", "softplus": "softplus", "softsign": "softsign",
}


def __getattr__(name):
    if name in _LEGACY_K:
        from cornu import ops

        return getattr(ops, _LEGACY_K[name])
    extra = {
        "int_shape": lambda x: tuple(x.shape),
        "ndim": lambda x: len(x.shape),
        "variable": lambda value, dtype=None, name=None: Variable(value, dtype=dtype, name=name),
        "constant": lambda value, dtype=None, shape=None, name=None: convert_to_tensor(
            value, dtype=dtype),
        "get_value": convert_to_numpy,
        "eval": convert_to_numpy,
        "set_value": lambda x, value: x.assign(value),
        "count_params": lambda x: int(__import__("numpy").prod(tuple(x.shape))),
    }
    if name in extra:
        return extra[name]
    raise AttributeError(f"module 'cornu.backend' has no attribute {name!r}")
