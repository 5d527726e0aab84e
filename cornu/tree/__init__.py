"""cornu.tree: utilities over nested structures, as ``keras.tree``.

Lists, tuples, namedtuples, deques and dicts (``dict``, ``defaultdict``, ``OrderedDict``)
are nodes; everything else, ``None`` and strings included, is a leaf. Plain dicts and
defaultdicts give their values in sorted-key order; an ``OrderedDict`` keeps its own order.
Rebuilt dicts keep the key order of the structure they come from.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence

__all__ = [
    "MAP_TO_NONE",
    "assert_same_paths",
    "assert_same_structure",
    "flatten",
    "flatten_with_path",
    "is_nested",
    "lists_to_tuples",
    "map_shape_structure",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "traverse",
]


class MAP_TO_NONE:  # noqa: N801 - the Keras name
    """Returned by a ``traverse`` function to put ``None`` in place of a subtree."""


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_nested(structure) -> bool:
    """Whether ``structure`` is a node (list, tuple, namedtuple, deque or dict)."""
    return isinstance(structure, (list, tuple, dict, collections.deque))


def _keys(node) -> list:
    """The child keys of ``node`` in flattening order."""
    if isinstance(node, dict):
        if isinstance(node, collections.OrderedDict):
            return list(node)
        try:
            return sorted(node)
        except TypeError:  # keys that do not compare: keep the dict's order
            return list(node)
    return list(range(len(node)))


def _children(node) -> list:
    if isinstance(node, dict):
        return [node[k] for k in _keys(node)]
    return list(node)


def _rebuild(node, values):
    """A node of the same type as ``node`` holding ``values`` (given in flattening order)."""
    if isinstance(node, dict):
        by_key = dict(zip(_keys(node), values))
        items = [(k, by_key[k]) for k in node]
        if isinstance(node, collections.defaultdict):
            return collections.defaultdict(node.default_factory, items)
        try:
            return type(node)(items)
        except TypeError:
            return dict(items)
    if _is_namedtuple(node):
        return type(node)(*values)
    if isinstance(node, collections.deque):
        return collections.deque(values, maxlen=node.maxlen)
    try:
        return type(node)(values)
    except TypeError:
        return list(values) if isinstance(node, list) else tuple(values)


def _node_kind(x):
    if isinstance(x, dict):
        return dict
    if _is_namedtuple(x):
        return type(x)
    if isinstance(x, collections.deque):
        return collections.deque
    if isinstance(x, list):
        return list
    return tuple


def _check_same(a, b, strict_types=True) -> None:
    """Raises ValueError unless ``a`` and ``b`` have the same nodes (leaves may differ)."""
    if not is_nested(a):
        if is_nested(b):
            raise ValueError(
                f"Structures don't have the same nested structure: a leaf ({a!r}) against "
                f"a {type(b).__name__}."
            )
        return
    if not is_nested(b):
        raise ValueError(
            f"Structures don't have the same nested structure: a {type(a).__name__} against "
            f"a leaf ({b!r})."
        )
    if strict_types and _node_kind(a) is not _node_kind(b):
        raise ValueError(
            f"Structures don't have the same nested structure: node type mismatch, "
            f"{type(a).__name__} against {type(b).__name__}."
        )
    if isinstance(a, dict) != isinstance(b, dict):
        raise ValueError(
            f"Structures don't have the same nested structure: a {type(a).__name__} against "
            f"a {type(b).__name__}."
        )
    if isinstance(a, dict):
        if set(a) != set(b):
            raise ValueError(
                "Structures don't have the same nested structure: dict keys differ, "
                f"{sorted(map(str, a))} against {sorted(map(str, b))}."
            )
    elif len(a) != len(b):
        raise ValueError(
            "Structures don't have the same nested structure: a node of length "
            f"{len(a)} against one of length {len(b)}."
        )
    for k in _keys(a):
        _check_same(a[k], b[k], strict_types)


def flatten(structure) -> list:
    """The leaves of ``structure``, in order (dict values by sorted key)."""
    out: list = []

    def walk(x):
        if is_nested(x):
            for child in _children(x):
                walk(child)
        else:
            out.append(x)

    walk(structure)
    return out


def flatten_with_path(structure) -> list:
    """``(path, leaf)`` pairs; a path is the tuple of keys and indices down to the leaf."""
    out: list = []

    def walk(x, path):
        if is_nested(x):
            for key in _keys(x):
                walk(x[key], path + (key,))
        else:
            out.append((path, x))

    walk(structure, ())
    return out


def pack_sequence_as(structure, flat_sequence):
    """Rebuilds ``structure`` with its leaves taken in order from ``flat_sequence``."""
    if not isinstance(flat_sequence, Sequence) or isinstance(flat_sequence, (str, bytes)):
        if not (hasattr(flat_sequence, "__len__") and hasattr(flat_sequence, "__getitem__")):
            raise TypeError(
                "pack_sequence_as: `flat_sequence` must be a sequence (list or tuple) of "
                f"leaves. Received: {type(flat_sequence).__name__}."
            )
    if not is_nested(structure):
        if len(flat_sequence) != 1:
            raise ValueError(
                "pack_sequence_as: `structure` is a single leaf, so `flat_sequence` must hold "
                f"exactly 1 element. Received {len(flat_sequence)}."
            )
        return flat_sequence[0]
    expected = len(flatten(structure))
    if len(flat_sequence) != expected:
        raise ValueError(
            f"pack_sequence_as: `structure` has {expected} leaves but `flat_sequence` has "
            f"{len(flat_sequence)} elements."
        )
    it = iter(flat_sequence)

    def build(x):
        if is_nested(x):
            return _rebuild(x, [build(c) for c in _children(x)])
        return next(it)

    return build(structure)


def map_structure(func, *structures, none_is_leaf=True):
    """Applies ``func`` to the leaves of ``structures`` (all of the same structure)."""
    if not structures:
        raise ValueError("map_structure: pass at least one structure.")
    first = structures[0]
    for other in structures[1:]:
        _check_same(first, other)

    def walk(*xs):
        x = xs[0]
        if is_nested(x):
            keys = _keys(x)
            return _rebuild(x, [walk(*(s[k] for s in xs)) for k in keys])
        if x is None and not none_is_leaf:
            if any(s is not None for s in xs):
                raise ValueError(
                    "map_structure: with none_is_leaf=False, a None in the first structure "
                    f"must be None in all of them. Received: {xs}."
                )
            return None
        return func(*xs)

    return walk(*structures)


def map_structure_up_to(shallow_structure, func, *structures):
    """Like ``map_structure``, but stops at the leaves of ``shallow_structure``.

    ``func`` receives, for each leaf of ``shallow_structure``, the matching subtrees of
    ``structures``.
    """
    if not structures:
        raise ValueError("map_structure_up_to: pass at least one structure.")

    def walk(shallow, xs):
        if not is_nested(shallow):
            return func(*xs)
        for x in xs:
            if not is_nested(x):
                raise ValueError(
                    "map_structure_up_to: the structures are shallower than "
                    f"`shallow_structure`: a leaf ({x!r}) where it has a "
                    f"{type(shallow).__name__}."
                )
            if _node_kind(x) is not _node_kind(shallow):
                raise ValueError(
                    "map_structure_up_to: node type mismatch, "
                    f"{type(shallow).__name__} in `shallow_structure` against "
                    f"{type(x).__name__}."
                )
            same = set(x) == set(shallow) if isinstance(x, dict) else len(x) == len(shallow)
            if not same:
                raise ValueError(
                    "map_structure_up_to: a node of `shallow_structure` and the matching "
                    f"node of a structure differ in keys or length: {shallow!r} against "
                    f"{x!r}."
                )
        keys = _keys(shallow)
        return _rebuild(shallow, [walk(shallow[k], [x[k] for x in xs]) for k in keys])

    return walk(shallow_structure, list(structures))


def assert_same_structure(a, b, check_types=None):
    """Raises ValueError unless ``a`` and ``b`` have the same nodes, node types included.

    ``check_types`` is accepted for compatibility and has no effect (as in Keras 3).
    """
    _check_same(a, b)


def assert_same_paths(a, b):
    """Raises ValueError unless ``a`` and ``b`` have the same leaf paths.

    Lists, tuples, namedtuples and deques count as matching here.
    """
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        msg = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            msg += f"\nPaths in `a` missing in `b`: {sorted(map(str, a_paths - b_paths))}"
        if b_paths - a_paths:
            msg += f"\nPaths in `b` missing in `a`: {sorted(map(str, b_paths - a_paths))}"
        raise ValueError(msg)


def traverse(func, structure, top_down=True):
    """Calls ``func`` on every node and leaf; a non-None result replaces that subtree.

    Top-down, a replaced subtree is not visited further. Bottom-up, ``func`` sees each node
    with its children already traversed. Return ``MAP_TO_NONE`` to put ``None`` in place.
    """

    def resolve(result, default):
        if result is None:
            return default
        if result is MAP_TO_NONE:
            return None
        return result

    def walk(x):
        if top_down:
            result = func(x)
            if result is not None:
                return resolve(result, x)
            if is_nested(x):
                return _rebuild(x, [walk(c) for c in _children(x)])
            return x
        if is_nested(x):
            x = _rebuild(x, [walk(c) for c in _children(x)])
        return resolve(func(x), x)

    return walk(structure)


def lists_to_tuples(structure):
    """``structure`` with every list turned into a tuple."""

    def convert(x):
        if isinstance(x, list):
            return tuple(x)
        return None

    return traverse(convert, structure, top_down=False)


def _is_shape(x) -> bool:
    return isinstance(x, (list, tuple)) and not _is_namedtuple(x) and all(
        e is None or (isinstance(e, int) and not isinstance(e, bool)) for e in x
    )


def map_shape_structure(func, structure):
    """``map_structure`` where lists and tuples of ints and Nones are leaves (shapes)."""
    if _is_shape(structure):
        return func(tuple(structure) if isinstance(structure, tuple) else structure)
    if is_nested(structure):
        return _rebuild(structure, [map_shape_structure(func, c) for c in _children(structure)])
    return func(structure)
