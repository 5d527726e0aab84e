"""Turning cornu objects into plain configs and back, in Keras 3's config format.

A serialized object is ``{"module": ..., "class_name": ..., "config": {...},
"registered_name": ...}`` (plus ``build_config``/``compile_config`` for layers and models);
plain functions serialize to their registered name. Loading resolves names only among
cornu's own public classes, Keras's names for them, and registered or custom objects: a
config can never make the loader import a module.
"""

from __future__ import annotations

import inspect
import types
import warnings

import numpy as np

from cornu.saving import class_lookup
from cornu.saving.errors import SavingError
from cornu.saving.object_registration import (
    _CUSTOM_NAMES,
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from cornu.saving.safe_mode import check_safe_mode, in_safe_mode, load_function, safe_mode_scope

__all__ = [
    "CustomObjectScope", "custom_object_scope", "deserialize_keras_object",
    "get_custom_objects", "get_registered_name", "get_registered_object",
    "register_keras_serializable", "serialize_keras_object",
]

_PLAIN = (str, int, float, bool)


def serialize_keras_object(obj):
    """Returns a JSON-friendly config of ``obj`` (None and plain values pass through).

    Args:
        obj: a cornu object with ``get_config`` (layer, model, loss, metric, optimizer,
            initializer...), a function, or a nested list/dict of them.

    Returns:
        A dict ``{"module", "class_name", "config", "registered_name"}`` for objects, a
        name for functions, or the same structure of configs for containers.

    Example:
        >>> import cornu
        >>> config = cornu.saving.serialize_keras_object(cornu.layers.Dense(2, name="d"))
        >>> config["class_name"], config["config"]["units"]
        ('Dense', 2)
    """
    if obj is None or isinstance(obj, _PLAIN):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (list, tuple)):
        out = [serialize_keras_object(o) for o in obj]
        return tuple(out) if isinstance(obj, tuple) else out
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    special = _serialize_special(obj)
    if special is not None:
        return special
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        warnings.warn(
            "Serializing a Python lambda: loading it back runs stored bytecode, which needs "
            "`safe_mode=False`. Prefer a named, registered function.", stacklevel=2)
        from cornu.saving.safe_mode import dump_function

        return {"class_name": "__lambda__", "config": {"value": dump_function(obj)}}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return get_registered_name(obj) if obj in _CUSTOM_NAMES else obj.__name__
    if hasattr(obj, "get_config"):
        return _serialize_object(obj)
    if inspect.isclass(obj):
        return get_registered_name(obj)
    raise TypeError(
        f"Cannot serialize {obj!r} of type {type(obj).__name__}: it has no get_config() "
        "method. Give the class a get_config() that returns its constructor arguments."
    )


def _serialize_object(obj) -> dict:
    cls = type(obj)
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(
            f"{cls.__name__}.get_config() must return a dict, it returned "
            f"{type(config).__name__}: {config!r}."
        )
    module = cls.__module__
    if module.startswith("cornu."):
        module = module.rsplit(".", 1)[0]
    out = {
        "module": module,
        "class_name": cls.__name__,
        "config": serialize_keras_object(config),
        "registered_name": _CUSTOM_NAMES.get(cls, cls.__name__),
    }
    build_config = _build_config_of(obj)
    if build_config is not None:
        out["build_config"] = serialize_keras_object(build_config)
    get_compile_config = getattr(obj, "get_compile_config", None)
    if callable(get_compile_config):
        compile_config = get_compile_config()
        if compile_config is not None:
            out["compile_config"] = serialize_keras_object(compile_config)
    return out


def _build_config_of(obj):
    get_build_config = getattr(obj, "get_build_config", None)
    if callable(get_build_config):
        return get_build_config()
    from cornu.layers.layer import Layer

    if isinstance(obj, Layer):
        from cornu.saving.build_config import layer_build_config

        return layer_build_config(obj)
    return None


def _serialize_special(obj):
    from cornu import backend
    from cornu.backend.common.keras_tensor import KerasTensor

    if isinstance(obj, np.ndarray):
        if obj.ndim == 0:
            return obj.item()
        return {"class_name": "__numpy__",
                "config": {"value": obj.tolist(), "dtype": backend.standardize_dtype(obj.dtype)}}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start),
            "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, KerasTensor):
        history = obj._keras_history
        if history is not None:
            history = [history[0].name, history[1], history[2]]
        return {"class_name": "__keras_tensor__",
                "config": {"shape": list(obj.shape), "dtype": obj.dtype,
                           "keras_history": history}}
    if backend.is_tensor(obj):
        value = backend.convert_to_numpy(obj)
        return {"class_name": "__tensor__",
                "config": {"value": value.tolist(),
                           "dtype": backend.standardize_dtype(value.dtype)}}
    return None


def deserialize_keras_object(config, module_objects=None, custom_objects=None,
                             printable_module_name="object", safe_mode=None, **kwargs):
    """Rebuilds an object from ``serialize_keras_object`` output (or a plain name).

    Args:
        config: a config dict, a name, or a list/dict of them.
        module_objects: a dict of the built-in objects allowed (name -> object); when
            given, only those, custom and registered objects can be returned.
        custom_objects: a dict of custom classes and functions, searched first.
        printable_module_name: what the object is, for error messages.
        safe_mode: False allows stored Python bytecode (lambdas) to load; None follows
            the surrounding ``load_model``/``enable_unsafe_deserialization`` setting.

    Returns:
        The rebuilt object.

    Example:
        >>> import cornu
        >>> config = cornu.saving.serialize_keras_object(cornu.layers.Dense(2, name="d"))
        >>> cornu.saving.deserialize_keras_object(config).units
        2
    """
    if kwargs:
        raise TypeError(f"deserialize_keras_object: unexpected argument(s) {sorted(kwargs)}.")
    if safe_mode is None:
        safe_mode = in_safe_mode()
    with safe_mode_scope(safe_mode):
        return _deserialize(config, module_objects, custom_objects, printable_module_name)


def _deserialize(config, module_objects, custom_objects, what):
    if config is None or isinstance(config, (int, float, bool)):
        return config
    if isinstance(config, str):
        obj = get_registered_object(config, custom_objects, module_objects)
        if obj is not None:
            return obj
        if module_objects is None:
            return config
        known = ", ".join(sorted(k for k in module_objects if not k.startswith("_")))
        raise SavingError(
            f"Unknown {what}: {config!r}. Known names: {known}. Custom objects must be "
            "passed in `custom_objects` or registered with "
            "`cornu.saving.register_keras_serializable`."
        )
    if isinstance(config, (list, tuple)):
        return [_deserialize(c, module_objects, custom_objects, what) for c in config]
    if not isinstance(config, dict):
        raise SavingError(
            f"Cannot deserialize {what} from {config!r}: expected a name or a dict with "
            "'class_name' and 'config'."
        )
    if "class_name" not in config or (module_objects is None and "config" not in config):
        if module_objects is not None:
            raise SavingError(
                f"Cannot deserialize {what} from {config!r}: expected a name or a dict "
                "with 'class_name' and 'config'."
            )
        return {k: _deserialize(v, None, custom_objects, what) for k, v in config.items()}
    class_name = config["class_name"]
    if not isinstance(class_name, str):
        raise SavingError(f"Cannot deserialize {what}: 'class_name' must be a string, got "
                          f"{class_name!r}.")
    inner = config.get("config")
    if class_name.startswith("__") and class_name.endswith("__"):
        return _deserialize_special(class_name, inner, custom_objects, what)
    if class_name == "function":
        return _resolve_function(config, module_objects, custom_objects, what)
    cls = _resolve_class(config, module_objects, custom_objects, what)
    return _instantiate(cls, inner, config, custom_objects, what)


def _deserialize_special(class_name, inner, custom_objects, what):
    inner = inner if isinstance(inner, dict) else {}
    try:
        if class_name == "__numpy__":
            return np.array(inner["value"], dtype=_numeric_dtype(inner["dtype"]))
        if class_name == "__tensor__":
            from cornu import backend

            return backend.convert_to_tensor(
                np.array(inner["value"], dtype=_numeric_dtype(inner["dtype"])))
        if class_name == "__bytes__":
            return str(inner["value"]).encode("utf-8")
        if class_name == "__ellipsis__":
            return Ellipsis
        if class_name == "__slice__":
            parts = [_deserialize(inner.get(k), None, custom_objects, what)
                     for k in ("start", "stop", "step")]
            return slice(*parts)
        if class_name == "__keras_tensor__":
            from cornu.backend.common.keras_tensor import KerasTensor

            tensor = KerasTensor(tuple(inner["shape"]), dtype=inner.get("dtype", "float32"))
            tensor._pre_serialization_keras_history = inner.get("keras_history")
            return tensor
    except (KeyError, TypeError, ValueError) as err:
        raise SavingError(f"Malformed {class_name} entry in a config: {err}.") from None
    if class_name == "__lambda__":
        check_safe_mode(None, "a Python lambda stored in the config")
        value = inner.get("value")
        if isinstance(value, (list, tuple)):
            return load_function(*value)
        return load_function(inner.get("code", value), inner.get("defaults"),
                             inner.get("closure"))
    raise SavingError(f"Cannot deserialize {what}: unknown special entry {class_name!r}.")


def _numeric_dtype(name):
    dtype = np.dtype(str(name))
    if dtype.kind not in "biufc" or dtype.itemsize > 16:
        raise ValueError(f"{name!r} is not a numeric dtype")
    return dtype


def _resolve_function(config, module_objects, custom_objects, what):
    name = config.get("config")
    registered = config.get("registered_name")
    for key in (registered, name):
        obj = get_registered_object(key, custom_objects, module_objects)
        if obj is not None:
            return obj
    module = config.get("module")
    if module in (None, "builtins") or class_lookup.is_library_module(module):
        obj = class_lookup.lookup(name, None if module == "builtins" else module, "function")
        if obj is not None:
            return obj
    raise SavingError(
        f"Unknown {what} function {name!r} (module {module!r}). Pass it in `custom_objects` "
        "or register it with `cornu.saving.register_keras_serializable`."
    )


def _resolve_class(config, module_objects, custom_objects, what):
    class_name = config["class_name"]
    registered = config.get("registered_name")
    for key in (registered, class_name):
        obj = get_registered_object(key, custom_objects, module_objects)
        if obj is not None:
            return obj
    module = config.get("module")
    # A layer of Keras's application models (LayerScale, ...) is found by its module even
    # where only the layers are searched.
    if (module_objects is None or class_lookup.family_of(module) == "applications") and (
            module is None or class_lookup.is_library_module(module)):
        obj = class_lookup.lookup(class_name, module, "class")
        if obj is not None:
            return obj
    hint = ""
    if isinstance(module, str) and not class_lookup.is_library_module(module):
        hint = (f" The config names module {module!r}; cornu never imports modules named in "
                "a file.")
    raise SavingError(
        f"Unknown {what} class {class_name!r}.{hint} Pass the class in `custom_objects` or "
        "register it with `cornu.saving.register_keras_serializable`."
    )


def _instantiate(cls, inner, config, custom_objects, what):
    if not inspect.isclass(cls):
        return cls  # a registered function or object
    if inner is None:
        inner = {}
    if not isinstance(inner, dict):
        raise SavingError(
            f"Cannot rebuild {what} {cls.__name__}: its 'config' must be a dict, got "
            f"{type(inner).__name__}."
        )
    with CustomObjectScope(custom_objects or {}):
        from_config = getattr(cls, "from_config", None)
        if from_config is None:
            obj = cls(**inner)
        else:
            params = _parameters(from_config)
            extra = {}
            if "custom_objects" in params:
                extra["custom_objects"] = custom_objects
            if "safe_mode" in params:
                extra["safe_mode"] = in_safe_mode()
            obj = from_config(dict(inner), **extra)
        build_config = config.get("build_config")
        if build_config and not getattr(obj, "built", True):
            from cornu.saving.build_config import build_from_config

            build_from_config(obj, build_config)
        compile_config = config.get("compile_config")
        if compile_config and callable(getattr(obj, "compile_from_config", None)):
            obj.compile_from_config(compile_config)
    return obj


def _parameters(fn) -> set:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()
