"""Loading never runs code from a file unless the user opts out of safe mode.

The only code a config can carry is Python bytecode (a ``Lambda`` layer's function, a
lambda given as an argument). Loading it is refused while safe mode is on, which is the
default; ``load_model(..., safe_mode=False)`` or ``enable_unsafe_deserialization()`` turn
it off for files the user trusts.
"""

from __future__ import annotations

import base64
import contextlib
import marshal
import threading
import types

_state = {"safe_mode": True}
_local = threading.local()


def in_safe_mode() -> bool:
    """Whether loading stored bytecode is refused right now.

    Example:
        >>> from cornu.saving.safe_mode import in_safe_mode, safe_mode_scope
        >>> with safe_mode_scope(False):
        ...     in_safe_mode()
        False
    """
    scoped = getattr(_local, "value", None)
    if scoped is not None:
        return scoped
    return _state["safe_mode"]


@contextlib.contextmanager
def safe_mode_scope(value: bool | None):
    """Runs the ``with`` block with safe mode on (True) or off (False); None keeps it."""
    previous = getattr(_local, "value", None)
    _local.value = previous if value is None else bool(value)
    try:
        yield
    finally:
        _local.value = previous


SafeModeScope = safe_mode_scope


def enable_unsafe_deserialization() -> None:
    """Allows loading Lambda layers (Python bytecode) everywhere in this process."""
    _state["safe_mode"] = False


def check_safe_mode(safe_mode, what: str) -> None:
    """Raises when safe mode is on (``safe_mode`` True, or None and the ambient setting).

    Args:
        safe_mode: True, False, or None for the current setting.
        what: what would run, for the message.
    """
    if safe_mode is None:
        safe_mode = in_safe_mode()
    if safe_mode:
        from cornu.saving.errors import SavingError

        raise SavingError(
            f"Refusing to load {what}: it would run Python code stored in the file, and "
            "safe mode is on. If you trust the file, pass `safe_mode=False` to the loading "
            "function (e.g. `cornu.saving.load_model(path, safe_mode=False)`), or call "
            "`cornu.saving.enable_unsafe_deserialization()`."
        )


def dump_function(fn) -> tuple:
    """``(code, defaults, closure)`` of a Python function, as Keras stores lambdas."""
    code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
    return code, fn.__defaults__, closure


def load_function(code, defaults=None, closure=None, globs=None, safe_mode=None):
    """Rebuilds a function from ``dump_function`` output (only outside safe mode)."""
    check_safe_mode(safe_mode, "Python bytecode")
    if isinstance(code, (list, tuple)):
        code, defaults, closure = (list(code) + [None, None])[:3]
    raw = base64.b64decode(code.encode("ascii") if isinstance(code, str) else code)
    try:
        code_obj = marshal.loads(raw)
    except (ValueError, EOFError, TypeError) as err:
        from cornu.saving.errors import SavingError

        raise SavingError(
            "The stored Python bytecode cannot be read by this Python version "
            f"({err}). Rebuild the function in code and pass it in `custom_objects`."
        ) from None
    cells = None
    if closure is not None:
        cells = tuple(_make_cell(value) for value in closure)
    if globs is None:
        import numpy

        import cornu

        globs = {"__builtins__": __builtins__, "cornu": cornu, "keras": cornu,
                 "ops": cornu.ops, "K": cornu.backend, "np": numpy}
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    return types.FunctionType(code_obj, globs, name=code_obj.co_name, argdefs=defaults,
                              closure=cells)


def _make_cell(value):
    def inner():
        return value

    return inner.__closure__[0]
