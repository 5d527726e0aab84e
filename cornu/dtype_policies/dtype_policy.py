"""``DTypePolicy``: the compute and variable dtypes of a layer, and the global default.

A policy named after a dtype ("float32", "bfloat16", ...) computes and stores in that
dtype. "mixed_float16" and "mixed_bfloat16" keep variables in float32 and compute in the
16-bit type: layers cast their float inputs, and their variables when a ``call`` reads
them, to the compute dtype.
"""

from __future__ import annotations

from cornu.backend import config
from cornu.backend.common.dtypes import FLOAT_TYPES, standardize_dtype

QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")
_MIXED = {"mixed_float16": ("float16", "float32"), "mixed_bfloat16": ("bfloat16", "float32")}


class DTypePolicy:
    """The dtypes a layer computes in and keeps its variables in.

    Args:
        name: a dtype name ("float32", "float16", "bfloat16", "float64", ...) for a policy
            that computes and stores in that dtype, or "mixed_float16" / "mixed_bfloat16"
            (compute in the 16-bit type, variables in float32). None takes the global
            policy's name.

    Pass a policy (or its name) as a layer's ``dtype=`` argument, or make it the default
    for new layers with ``cornu.mixed_precision.set_global_policy``.

    Example:
        >>> from cornu import dtype_policies
        >>> policy = dtype_policies.DTypePolicy("mixed_bfloat16")
        >>> policy.compute_dtype, policy.variable_dtype
        ('bfloat16', 'float32')
    """

    def __init__(self, name: str | None = None):
        if name is None:
            name = dtype_policy().name
        self._compute_dtype, self._variable_dtype = _parse_name(name)
        self._name = name
        self._quantization_mode = None

    @property
    def name(self) -> str:
        """The policy's name, e.g. ``"mixed_float16"``."""
        return self._name

    @property
    def compute_dtype(self) -> str:
        """The dtype of the layer's inputs, computations and outputs."""
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype the layer's variables are created and kept in."""
        return self._variable_dtype

    @property
    def quantization_mode(self):
        """None: quantized policies are not supported by cornu."""
        return self._quantization_mode

    def convert_input(self, x, autocast: bool, dtype):
        """``x`` as a tensor; a float one cast to ``dtype`` when ``autocast`` is true
        (integer and boolean inputs are left as they are).

        Example:
            >>> import numpy as np
            >>> from cornu import dtype_policies, ops
            >>> policy = dtype_policies.DTypePolicy("mixed_float16")
            >>> ops.dtype(policy.convert_input(np.ones(2), True, "float16"))
            'float16'
        """
        from cornu import backend, ops

        dtype = standardize_dtype(dtype)
        if backend.is_keras_tensor(x):
            if autocast and _is_float(x.dtype) and x.dtype != dtype:
                return ops.cast(x, dtype)
            return x
        if not backend.is_tensor(x):
            if not hasattr(x, "__array__") and not isinstance(x, (int, float, bool)):
                return x
            x = backend.convert_to_tensor(x)
        if autocast and _is_float(x.dtype) and standardize_dtype(x.dtype) != dtype:
            return backend.cast(x, dtype)
        return x

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other) -> bool:
        if not isinstance(other, DTypePolicy):
            return False
        return self._name == other._name

    def __hash__(self) -> int:
        return hash(("DTypePolicy", self._name))


class FloatDTypePolicy(DTypePolicy):
    """Another name of ``DTypePolicy`` (Keras 3 exports both)."""


def _is_float(dtype) -> bool:
    return standardize_dtype(dtype) in FLOAT_TYPES


def _parse_name(name) -> tuple:
    """``(compute_dtype, variable_dtype)`` of a policy name."""
    if not isinstance(name, str):
        raise TypeError(
            "A DTypePolicy name must be a string such as 'mixed_float16' or 'float32'. "
            f"Received: name={name!r} (of type {type(name).__name__})"
        )
    if name in _MIXED:
        return _MIXED[name]
    if "_from_" in name and name.startswith(QUANTIZATION_MODES):
        raise NotImplementedError(
            f"The quantized dtype policy {name!r} is not supported by cornu: quantization "
            "(int8, float8, int4, GPTQ, AWQ) is not implemented. Use a float policy such "
            "as 'float32', 'mixed_float16' or 'mixed_bfloat16'."
        )
    try:
        dtype = standardize_dtype(name)
    except ValueError:
        raise ValueError(
            f"Cannot convert {name!r} to a DTypePolicy. Valid policies are "
            "'mixed_float16', 'mixed_bfloat16' and dtype names such as 'float32', "
            "'float16', 'bfloat16' or 'float64'."
        ) from None
    return dtype, dtype


# --- the global policy ------------------------------------------------------------------
_GLOBAL: list = [None]  # the policy set by the user; None: follow floatx()
_DEFAULTS: dict = {}  # floatx name -> its policy, so that the default is made once


def set_dtype_policy(policy) -> None:
    """Sets the policy of the layers created from now on (those given no ``dtype``).

    Args:
        policy: a policy name ("mixed_float16", "mixed_bfloat16", "float32", ...) or a
            ``DTypePolicy``. None goes back to the default: a policy named after
            ``floatx()``.

    Example:
        >>> from cornu import layers, mixed_precision
        >>> mixed_precision.set_global_policy("mixed_bfloat16")
        >>> layers.Dense(2).compute_dtype
        'bfloat16'
        >>> mixed_precision.set_global_policy("float32")
    """
    if policy is None or isinstance(policy, DTypePolicy):
        _GLOBAL[0] = policy
        return
    if isinstance(policy, str):
        _GLOBAL[0] = DTypePolicy(policy)
        return
    raise ValueError(
        "set_global_policy: expected a policy name (such as 'mixed_float16') or a "
        f"DTypePolicy. Received: policy={policy!r} (of type {type(policy).__name__})"
    )


def dtype_policy() -> DTypePolicy:
    """The global policy: what layers created without a ``dtype`` use.

    Example:
        >>> from cornu import mixed_precision
        >>> mixed_precision.global_policy()
        <DTypePolicy "float32">
    """
    policy = _GLOBAL[0]
    if policy is not None:
        return policy
    name = config.floatx()
    policy = _DEFAULTS.get(name)
    if policy is None:
        policy = _DEFAULTS[name] = DTypePolicy(name)
    return policy
