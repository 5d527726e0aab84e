"""Unique, readable names for layers, variables and models ("dense", "dense_1", ...)."""

from __future__ import annotations

import re
from collections import defaultdict

_counts: dict[str, int] = defaultdict(int)


def to_snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def uniquify(base: str) -> str:
    """Returns ``base`` the first time, then ``base_1``, ``base_2``..."""
    count = _counts[base]
    _counts[base] += 1
    return base if count == 0 else f"{base}_{count}"


def reset_uids() -> None:
    """Forgets every name given so far (``cornu.backend.clear_session`` calls this)."""
    _counts.clear()
