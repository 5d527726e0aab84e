"""Loading never runs code from a file unless the user opts out of safe mode."""

from __future__ import annotations

import contextlib

_state = {"safe_mode": True}


@contextlib.contextmanager
def safe_mode_scope(value: bool):
    previous = _state["safe_mode"]
    _state["safe_mode"] = bool(value)
    try:
        yield
    finally:
        _state["safe_mode"] = previous


def enable_unsafe_deserialization() -> None:
    """Allows loading Lambda layers (Python bytecode) everywhere in this process."""
    _state["safe_mode"] = False


def check_safe_mode(safe_mode, what: str) -> None:
    if safe_mode is None:
        safe_mode = _state["safe_mode"]
    if safe_mode:
        raise ValueError(
            f"Refusing to load {what}: it would run code stored in the file. If you trust the "
            "file, pass `safe_mode=False` to the loading function, or call "
            "`cornu.config.enable_unsafe_deserialization()`."
        )
