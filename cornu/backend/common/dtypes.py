"""Dtype names: cornu speaks NumPy-style strings ("float32", "int64", ...)."""

from __future__ import annotations

import numpy as np

FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
INT_TYPES = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
ALLOWED = FLOAT_TYPES + INT_TYPES + ("bool", "string", "complex64", "complex128")

_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int64",
    "long": "int64",
}


def standardize_dtype(dtype) -> str | None:
    """Returns the canonical string name of ``dtype`` (a string, NumPy or engine dtype)."""
    if dtype is None:
        return None
    if isinstance(dtype, str):
        name = dtype
    elif hasattr(dtype, "name") and isinstance(dtype.name, str):
        name = dtype.name
    elif dtype in (float, int, bool):
        name = {float: "float32", int: "int64", bool: "bool"}[dtype]
    else:
        text = str(dtype)
        name = text.split(".")[-1].strip("'>")
        if name.startswith("<class"):
            name = np.dtype(dtype).name
    name = name.replace("torch.", "")
    name = _ALIASES.get(name, name)
    if name not in ALLOWED:
        raise ValueError(f"Unknown dtype {dtype!r}. Expected one of {ALLOWED}.")
    return name


def is_float(dtype) -> bool:
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int(dtype) -> bool:
    return standardize_dtype(dtype) in INT_TYPES
