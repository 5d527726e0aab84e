"""Finding cornu's own classes and functions from the names a config records.

A config names its object with ``module`` and ``class_name`` (Keras writes
``"keras.layers"``/``"Dense"``, ``"keras.src.backend.torch.optimizers.torch_adam"``/``"Adam"``,
cornu writes ``"cornu.layers.core"``/``"Dense"``). The module is only a hint about the
family (layers, optimizers, losses...): nothing named in a file is ever imported, and only
the public classes and functions of cornu's own modelling modules can be returned.
"""

from __future__ import annotations

import functools
import importlib
import inspect

# family -> the cornu module holding its public objects
_FAMILY_MODULES = {
    "layers": "cornu.layers",
    "models": "cornu.models",
    "initializers": "cornu.initializers",
    "regularizers": "cornu.regularizers",
    "constraints": "cornu.constraints",
    "losses": "cornu.losses",
    "metrics": "cornu.metrics",
    "optimizers": "cornu.optimizers",
    "schedules": "cornu.optimizers.schedules",
    "activations": "cornu.activations",
    "applications": "cornu.applications",
}
# Keras's public module for each family (what cornu writes in files).
KERAS_MODULES = {
    "layers": "keras.layers",
    "models": "keras",
    "initializers": "keras.initializers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "optimizers": "keras.optimizers",
    "schedules": "keras.optimizers.schedules",
    "activations": "keras.activations",
}
_SEARCH_ORDER = ("models", "layers", "optimizers", "schedules", "losses", "metrics",
                 "initializers", "regularizers", "constraints", "activations")
# Module-level helpers that are not modelling objects: never handed out from a config.
_NOT_MODELLING = frozenset({
    "get", "serialize", "deserialize", "load_model", "save_model", "model_from_json",
    "clone_model", "load_weights", "save_weights",
})


def family_of(module) -> str | None:
    """The family a ``module`` string points at, e.g. ``"keras.src.layers.core"`` ->
    ``"layers"``; None when the module names none (``"keras"``, ``"cornu"``)."""
    if not isinstance(module, str):
        return None
    parts = module.split(".")
    if "schedules" in parts or "learning_rate_schedule" in parts:
        return "schedules"
    for part in parts:
        if part in _FAMILY_MODULES:
            return part
    return None


def is_library_module(module) -> bool:
    """Whether ``module`` belongs to cornu or Keras (whose built-ins cornu provides)."""
    if not isinstance(module, str):
        return False
    root = module.split(".", 1)[0]
    return root in ("cornu", "keras", "tf_keras", "tensorflow")


@functools.cache
def _namespace(family: str) -> dict:
    if family == "applications":  # the models' own layers (LayerScale, ...), not the models
        return _application_layers()
    module = importlib.import_module(_FAMILY_MODULES[family])
    out = {}
    for name in dir(module):
        if name.startswith("_") or name in _NOT_MODELLING:
            continue
        obj = getattr(module, name)
        if inspect.isclass(obj):
            if hasattr(obj, "from_config") or hasattr(obj, "get_config"):
                out[name] = obj
        elif inspect.isfunction(obj) and str(obj.__module__).startswith("cornu."):
            out[name] = obj
    if family == "models":
        out = {k: v for k, v in out.items() if inspect.isclass(v)}
    return out


def _application_layers() -> dict:
    from cornu.applications import _MODULES
    from cornu.layers.layer import Layer

    out = {}
    for sub in _MODULES:
        try:
            module = importlib.import_module(f"cornu.applications.{sub}")
        except ImportError:  # a family not shipped in this build
            continue
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, Layer) and not name.startswith("_")
                    and obj.__module__ == module.__name__):
                out[name] = obj
    return out


def lookup(name: str, module=None, kind: str = "class"):
    """The cornu class (``kind="class"``) or function (``kind="function"``) called
    ``name`` in the family ``module`` points at (all families when it points at none).

    Returns None when there is no such public object.
    """
    if not isinstance(name, str) or not name or name.startswith("_"):
        return None
    family = family_of(module)
    families = (family,) if family is not None else _SEARCH_ORDER
    if family == "models":
        families = ("models", "layers")
    for fam in families:
        obj = _namespace(fam).get(name)
        if obj is None:
            continue
        if kind == "class" and inspect.isclass(obj):
            return obj
        if kind == "function" and not inspect.isclass(obj):
            return obj
        if kind == "any":
            return obj
    if kind == "function" and family is not None:
        # Built-in functions are also reachable through their family's ``get``.
        return _family_get(family, name)
    return None


def _family_get(family: str, name: str):
    if family not in ("activations", "losses", "metrics"):
        return None
    module = importlib.import_module(_FAMILY_MODULES[family])
    try:
        obj = module.get(name)
    except (ValueError, TypeError, KeyError):
        return None
    return obj if callable(obj) and not inspect.isclass(obj) else None


def keras_module_for(cls) -> tuple[str, str | None] | None:
    """``(module, registered_name)`` Keras writes for the built-in cornu class ``cls``;
    None when ``cls`` is not one of cornu's public classes."""
    cls_module = getattr(cls, "__module__", "") or ""
    if not cls_module.startswith("cornu."):
        return None
    name = cls.__name__
    if name == "Functional":
        return "keras.src.models.functional", "Functional"
    if name in ("Sequential", "Model"):
        return "keras", None
    family = family_of(cls_module)
    if family is None:
        return None
    if family == "applications":  # Keras keeps these layers in its application modules
        return f"keras.src.applications.{cls_module.rsplit('.', 1)[-1]}", name
    return KERAS_MODULES[family], None
