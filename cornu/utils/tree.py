"""Small helpers over nested lists, tuples and dicts of leaves (no external dependency)."""

from __future__ import annotations


def is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def flatten(x) -> list:
    """Leaves of ``x`` in order (dicts by sorted key, as Keras does)."""
    if isinstance(x, dict):
        out = []
        for k in sorted(x):
            out.extend(flatten(x[k]))
        return out
    if isinstance(x, (list, tuple)):
        out = []
        for e in x:
            out.extend(flatten(e))
        return out
    return [x]


def map_structure(fn, *structures):
    """Applies ``fn`` leaf-wise across structures of the same shape."""
    first = structures[0]
    if isinstance(first, dict):
        return {k: map_structure(fn, *(s[k] for s in structures)) for k in first}
    if isinstance(first, (list, tuple)):
        items = [map_structure(fn, *parts) for parts in zip(*structures)]
        if isinstance(first, tuple) and hasattr(first, "_fields"):
            return type(first)(*items)
        return type(first)(items)
    return fn(*structures)


def pack_sequence_as(structure, flat):
    """Rebuilds ``structure`` with the leaves taken in order from ``flat``."""
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return {k: build(s[k]) for k in sorted(s)} | {}
        if isinstance(s, (list, tuple)):
            return type(s)(build(e) for e in s)
        return next(it)

    out = build(structure)
    if isinstance(structure, dict):
        return {k: out[k] for k in structure}
    return out
