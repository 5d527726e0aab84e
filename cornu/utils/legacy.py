"""Keras 1/2 argument names that tutorials still use, mapped to the Keras 3 spelling."""

from __future__ import annotations

import warnings

_warned: set = set()


def warn_once(key: str, message: str) -> None:
    """Emits a DeprecationWarning the first time ``key`` is seen."""
    if key in _warned:
        return
    _warned.add(key)
    warnings.warn(message, DeprecationWarning, stacklevel=4)


def legacy_kwargs(owner: str, kwargs: dict, renames: dict) -> dict:
    """Returns ``kwargs`` with old names renamed; warns once per (owner, old name)."""
    for old, new in renames.items():
        if old in kwargs:
            if new in kwargs:
                raise TypeError(f"{owner}: pass either `{old}` (Keras 1/2) or `{new}`, not both.")
            warn_once(f"{owner}.{old}", f"{owner}: `{old}=` is the Keras 1/2 name; use `{new}=`.")
            kwargs[new] = kwargs.pop(old)
    return kwargs
