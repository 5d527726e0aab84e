"""The import hook: a meta-path finder that answers ``import keras...`` with cornu modules.

Each ``keras`` module is a small proxy module of its own name whose attributes are looked
up, in order, in the cornu modules that serve it (``keras.layers.core`` -> ``cornu.layers``).
The proxies are packages, so ``import keras.a.b`` always comes back here; the real Keras,
if installed, is never reached while the hook is installed.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import types
import warnings
from typing import Any

from cornu.compat import _table

_WARNED: set = set()


class KerasProxyModule(types.ModuleType):
    """A ``keras.*`` module whose attributes come from cornu modules."""

    def __init__(self, name: str, sources: tuple[str, ...]):
        super().__init__(name, f"`{name}`, served by cornu from {', '.join(sources)}.")
        self.__path__: list = []  # a package: ``import keras.x.y`` comes back to the finder
        self.__cornu_sources__ = sources

    def __getattr__(self, attr: str) -> Any:
        if attr == "__all__":
            return _public_names(self.__cornu_sources__)
        if attr.startswith("__") and attr != "__version__":
            raise AttributeError(attr)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = self._resolve(attr)
        for warning in caught:  # re-issued at the code that looked the name up
            warnings.warn(warning.message, warning.category, stacklevel=2)
        if isinstance(value, (types.ModuleType, type, types.FunctionType)):
            self.__dict__[attr] = value  # later lookups are plain attribute reads
        return value

    def _resolve(self, attr: str) -> Any:
        # A name of the cornu sources wins over a submodule of the same name (Keras 1's
        # ``keras.layers.merge`` function vs Keras 2's module); modules become proxies.
        try:
            value = _find_attribute(self.__name__, self.__cornu_sources__, attr)
        except AttributeError:
            value = None
        if value is not None and not isinstance(value, types.ModuleType):
            return value
        submodule = f"{self.__name__}.{attr}"
        if not attr.startswith("_") and _table.lookup(submodule) is not None:
            return importlib.import_module(submodule)
        if value is None:
            return _find_attribute(self.__name__, self.__cornu_sources__, attr)
        return value

    def __setattr__(self, attr: str, value: Any) -> None:
        # ``import keras.layers.merge`` binds the submodule on its parent; keep the parent's
        # own name (the ``merge`` function) visible instead.
        if isinstance(value, KerasProxyModule) and not attr.startswith("_"):
            try:
                current = _find_attribute(self.__name__, self.__cornu_sources__, attr)
            except AttributeError:
                current = None
            if current is not None and not isinstance(current, types.ModuleType):
                return
        super().__setattr__(attr, value)

    def __dir__(self) -> list:
        return sorted(set(super().__dir__()) | set(_public_names(self.__cornu_sources__)))

    def __repr__(self) -> str:
        return f"<module {self.__name__!r} (cornu: {', '.join(self.__cornu_sources__)})>"


def _find_attribute(name: str, sources: tuple[str, ...], attr: str) -> Any:
    for source in sources:
        module = importlib.import_module(source)
        try:
            return getattr(module, attr)
        except AttributeError:
            continue
    raise AttributeError(
        f"module {name!r} (served by cornu from {', '.join(sources)}) has no attribute "
        f"{attr!r}. cornu may not implement this Keras name yet; see docs/legacy.md."
    )


def _public_names(sources: tuple[str, ...]) -> list:
    names: list = []
    for source in sources:
        module = importlib.import_module(source)
        found = getattr(module, "__all__", None)
        if found is None:
            found = [n for n in vars(module) if not n.startswith("_")
                     and not isinstance(vars(module)[n], types.ModuleType)]
        names.extend(n for n in found if n not in names)
    return names


class KerasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads ``keras`` and its submodules as cornu proxies."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not _table.is_keras_name(fullname):
            return None
        if _table.lookup(fullname) is None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: cornu serves `keras` imports (cornu run / "
                f"cornu.compat.install()) but has no module matching {fullname!r}. See "
                "docs/legacy.md for what is served.",
                name=fullname,
            )
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> KerasProxyModule:
        sources, _ = _table.lookup(spec.name)
        for source in sources[:1]:
            importlib.import_module(source)  # fail here, at the import, if cornu's is broken
        return KerasProxyModule(spec.name, sources)

    def exec_module(self, module: types.ModuleType) -> None:
        _, message = _table.lookup(module.__name__)
        advice = message.split(";", 1)[-1] if message else None
        if advice and advice not in _WARNED:  # one warning per piece of advice
            _WARNED.add(advice)
            # Level 2 is the importing code: warnings skips the importlib frames itself.
            warnings.warn(message, DeprecationWarning, stacklevel=2)
