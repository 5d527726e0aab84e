"""cornu configs as Keras 3 writes them, so that real Keras can load cornu's files.

``serialize_keras_object`` records cornu's own module names (``"cornu.layers.core"``);
files and JSON carry Keras's public names instead (``"keras.layers"``, registered name
``null`` for built-ins), which both libraries resolve.
"""

from __future__ import annotations

import json

import numpy as np

from cornu.saving import class_lookup

# Layer arguments Keras 3 layers do not accept (cornu keeps them for Keras 1/2 code; the
# model's InputLayer already records the shape).
_CORNU_ONLY_LAYER_KEYS = ("batch_input_shape",)


def export(config):
    """A copy of ``config`` with Keras's module and registered names for cornu built-ins."""
    if isinstance(config, list):
        return [export(c) for c in config]
    if isinstance(config, tuple):
        return [export(c) for c in config]
    if not isinstance(config, dict):
        return config
    out = {k: export(v) for k, v in config.items()}
    module = out.get("module")
    class_name = out.get("class_name")
    if isinstance(module, str) and module.startswith("cornu") and isinstance(class_name, str):
        keras_names = _keras_names(module, class_name)
        if keras_names is not None:
            out["module"], registered = keras_names
            if out.get("registered_name") in (class_name, None):
                out["registered_name"] = registered
        inner = out.get("config")
        if class_lookup.family_of(module) == "layers" and isinstance(inner, dict):
            for key in _CORNU_ONLY_LAYER_KEYS:
                inner.pop(key, None)
    return out


def _keras_names(module: str, class_name: str):
    if class_name == "Functional":
        return "keras.src.models.functional", "Functional"
    if class_name in ("Sequential", "Model"):
        return "keras", None
    if class_name == "function":
        family = class_lookup.family_of(module)
        return (class_lookup.KERAS_MODULES[family], None) if family else None
    family = class_lookup.family_of(module)
    if family is None:
        return None
    if family == "applications":  # Keras keeps these layers in its application modules
        cls = class_lookup.lookup(class_name, module)
        if cls is None:
            return None
        return f"keras.src.applications.{cls.__module__.rsplit('.', 1)[-1]}", class_name
    return class_lookup.KERAS_MODULES[family], None


def json_default(obj):
    """``json.dumps`` fallback for NumPy values and other plain-ish objects."""
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if hasattr(obj, "as_list"):
        return obj.as_list()
    raise TypeError(f"Cannot write {obj!r} ({type(obj).__name__}) to JSON: give its class a "
                    "get_config() that returns plain values.")


def dumps(config, **kwargs) -> str:
    """The Keras-format JSON text of a cornu config."""
    return json.dumps(export(config), default=json_default, **kwargs)
