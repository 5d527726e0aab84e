"""Mixed precision inside layer calls: the autocast scope and input casting.

A layer whose policy computes in another dtype than it stores variables in (e.g.
"mixed_float16") opens an *autocast scope* for its call, as Keras 3 does: the float
variables created with ``autocast=True`` are read in the compute dtype while the scope is
open. Keras casts at every read of a variable; cornu casts once per scope instead: on entry,
the layer's variables (and those of its sub-layers that compute in the same dtype) are
replaced by cast copies in the layers' ``__dict__``, where ``self.kernel`` reads them, and put
back on exit. Gradients flow through the casts into the float32 variables.

A layer that assigns to one of its own variables inside ``call`` must create it with
``autocast=False`` (as ``BatchNormalization`` does for its moving statistics): inside a
scope, ``self.<name>`` is the cast copy, not the variable.
"""

from __future__ import annotations

from cornu import backend
from cornu.backend.common.dtypes import FLOAT_TYPES
from cornu.backend.common.keras_tensor import KerasTensor

# Changes whenever a layer gains a variable or a sub-layer or changes its policy: the
# cached list of variables to cast (a "plan") is then rebuilt.
_VERSION = [0]
_Variable = backend.Variable
_Tensor = backend.Tensor
_is_float = backend.core.is_float_dtype
_cast_engine = backend.core.cast


def bump() -> None:
    """Marks the layer structure as changed (plans are rebuilt on their next use)."""
    _VERSION[0] += 1


def version() -> int:
    return _VERSION[0]


class _Plan:
    """A layer's cached list of casts (an object, not a container: the saving walk, which
    looks into a layer's lists and dicts, leaves it alone)."""

    __slots__ = ("version", "dtype", "entries")

    def __init__(self, version: int, dtype: str, entries: list):
        self.version, self.dtype, self.entries = version, dtype, entries


def _plan(layer, dtype: str) -> list:
    """``(owner, attribute name, variable)`` for each variable the scope casts: float,
    ``autocast=True``, not in ``dtype`` already, held as an attribute of ``layer`` or of a
    sub-layer that computes in ``dtype`` (the others open their own scope)."""
    cached = layer.__dict__.get("_autocast_plan")
    if cached is not None and cached.version == _VERSION[0] and cached.dtype == dtype:
        return cached.entries
    entries, seen, stack = [], set(), [layer]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for name, value in current.__dict__.items():
            if (isinstance(value, _Variable) and value.autocast
                    and backend.standardize_dtype(value.dtype) in FLOAT_TYPES
                    and backend.standardize_dtype(value.dtype) != dtype):
                entries.append((current, name, value))
        for sub in current.__dict__.get("_sublayers", ()):
            if sub.__dict__.get("_scope_dtype") == dtype:
                stack.append(sub)
    layer.__dict__["_autocast_plan"] = _Plan(_VERSION[0], dtype, entries)
    return entries


def substitute(layer, dtype: str, restore: list) -> None:
    """Replaces the planned variables by their ``dtype`` casts; records what to put back."""
    entries = _plan(layer, dtype)
    if not entries:
        return
    engine_dtype = backend.to_engine_dtype(dtype)
    for owner, name, variable in entries:
        attrs = owner.__dict__
        if attrs.get(name) is variable:
            attrs[name] = _cast_engine(variable, engine_dtype)
            restore.append((attrs, name, variable))


def run_in_scope(ctx, dtype, layer, fn, *args):
    """Runs ``fn(*args)`` inside a new scope of ``dtype`` (None: a scope that casts
    nothing) opened by ``layer``."""
    outer = (ctx.autocast, ctx.autocast_restore, ctx.autocast_version)
    restore: list = []
    ctx.autocast, ctx.autocast_restore = dtype, restore
    try:
        if dtype is not None:
            substitute(layer, dtype, restore)
        ctx.autocast_version = _VERSION[0]
        return fn(*args)
    finally:
        for attrs, name, variable in reversed(restore):
            attrs[name] = variable
        ctx.autocast, ctx.autocast_restore, ctx.autocast_version = outer


def join_scope(ctx, layer) -> None:
    """A layer called inside a scope of its own compute dtype: casts its variables too if
    variables or sub-layers appeared since the scope opened (a first call builds them)."""
    if ctx.autocast_version != _VERSION[0]:
        substitute(layer, ctx.autocast, ctx.autocast_restore)
        ctx.autocast_version = _VERSION[0]


# --- inputs -------------------------------------------------------------------------------
def cast_inputs(args: tuple, kwargs: dict, dtype: str, all_args: bool):
    """Float tensors in ``args`` (and in ``kwargs`` when ``all_args``) cast to ``dtype``;
    integer and boolean ones, and other values, are left as they are. Masks are kept."""
    engine_dtype = backend.to_engine_dtype(dtype)
    new_args = tuple(_cast(a, engine_dtype) for a in args)
    if all_args and kwargs:
        kwargs = {k: _cast(v, engine_dtype) for k, v in kwargs.items()}
    return new_args, kwargs


def _cast(x, engine_dtype):
    if isinstance(x, _Tensor):
        if x.dtype is engine_dtype or not _is_float(x):
            return x
        y = _cast_engine(x, engine_dtype)
        mask = getattr(x, "_keras_mask", None)
        if mask is not None:
            y._keras_mask = mask
        return y
    if isinstance(x, (list, tuple)):
        items = [_cast(e, engine_dtype) for e in x]
        if all(a is b for a, b in zip(items, x)):
            return x
        return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)
    if isinstance(x, dict):
        return {k: _cast(v, engine_dtype) for k, v in x.items()}
    return x


def cast_specs(args: tuple, kwargs: dict, dtype: str):
    """The symbolic version of ``cast_inputs``: float KerasTensors re-typed to ``dtype``
    (for shape inference only; the graph keeps the original tensors)."""

    def spec(x):
        if isinstance(x, KerasTensor):
            if x.dtype in FLOAT_TYPES and x.dtype != dtype:
                y = KerasTensor(x.shape, dtype=dtype, sparse=x.sparse)
                y._keras_mask = x._keras_mask
                return y
            return x
        if isinstance(x, (list, tuple)):
            items = [spec(e) for e in x]
            return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)
        if isinstance(x, dict):
            return {k: spec(v) for k, v in x.items()}
        return x

    return tuple(spec(a) for a in args), {k: spec(v) for k, v in kwargs.items()}
