"""Run code written for Keras (1, 2 or 3) on cornu, unchanged: ``import keras`` gets cornu.

``cornu run script.py`` installs this import hook before running the script; in a notebook
or an interactive session, call ``cornu.compat.install()`` before the first ``import keras``.
While installed, ``keras`` and every ``keras.*`` module (``keras.layers.core``,
``keras.engine.topology``, ``keras.utils.np_utils``, ``keras.wrappers.scikit_learn``,
``keras.backend``...) are served from cornu, even when the real Keras is installed; Keras 1/2
module paths warn once with their Keras 3 spelling.

Example:
    >>> import cornu.compat
    >>> with cornu.compat.installed():
    ...     from keras.models import Sequential
    ...     import keras
    >>> Sequential is cornu.models.Sequential
    True
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from cornu.compat._finder import KerasFinder, KerasProxyModule

_FINDER = KerasFinder()
_STASHED: dict = {}


def _is_keras(name: str) -> bool:
    return name == "keras" or name.startswith("keras.")


def install() -> None:
    """Serves ``import keras`` (and all ``keras.*`` modules) from cornu from now on.

    Keras modules imported before (the real Keras) are set aside until ``uninstall()``.
    Calling it twice is harmless.
    """
    if _FINDER in sys.meta_path:
        return
    for name in [n for n in sys.modules if _is_keras(n)]:
        module = sys.modules.pop(name)
        if not isinstance(module, KerasProxyModule):
            _STASHED[name] = module
    sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    """Stops serving ``keras`` from cornu and restores any Keras modules set aside."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if _is_keras(n)]:
        if isinstance(sys.modules[name], KerasProxyModule):
            del sys.modules[name]
    sys.modules.update(_STASHED)
    _STASHED.clear()


def is_installed() -> bool:
    """Whether ``import keras`` is currently served by cornu."""
    return _FINDER in sys.meta_path


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """A context manager: the hook is installed inside the ``with`` block only."""
    was_installed = is_installed()
    install()
    try:
        yield
    finally:
        if not was_installed:
            uninstall()


__all__ = ["KerasProxyModule", "install", "installed", "is_installed", "uninstall"]
