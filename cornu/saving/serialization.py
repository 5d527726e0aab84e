"""Turning cornu objects into plain configs and back, in Keras 3's config format.

A serialized object is ``{"module": ..., "class_name": ..., "config": {...},
"registered_name": ...}``; plain functions serialize to their registered name.
"""

from __future__ import annotations

import inspect

_CUSTOM_OBJECTS: dict[str, object] = {}
_CUSTOM_NAMES: dict[object, str] = {}


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator that makes a custom class or function loadable by name.

    Example:
        >>> import cornu
        >>> @cornu.saving.register_keras_serializable(package="demo")
        ... def twice(x):
        ...     return 2 * x
        >>> cornu.saving.get_registered_name(twice)
        'demo>twice'
    """

    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a class needs a get_config() method."
            )
        _CUSTOM_OBJECTS[key] = obj
        _CUSTOM_NAMES[obj] = key
        return obj

    return decorator


def get_registered_name(obj) -> str:
    return _CUSTOM_NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name, custom_objects=None, module_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _CUSTOM_OBJECTS:
        return _CUSTOM_OBJECTS[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


def get_custom_objects() -> dict:
    """The global registry of custom objects (name -> class or function), editable."""
    return _CUSTOM_OBJECTS


def serialize_keras_object(obj):
    """Returns a JSON-friendly config of ``obj`` (None, plain values pass through)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(o) for o in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return get_registered_name(obj) if obj in _CUSTOM_NAMES else obj.__name__
    if hasattr(obj, "get_config"):
        cls = type(obj)
        return {
            "module": cls.__module__.rsplit(".", 1)[0] if cls.__module__.startswith("cornu")
            else cls.__module__,
            "class_name": cls.__name__,
            "config": obj.get_config(),
            "registered_name": _CUSTOM_NAMES.get(cls, cls.__name__),
        }
    raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method.")


def deserialize_keras_object(config, module_objects=None, custom_objects=None,
                             printable_module_name="object"):
    """Rebuilds an object from ``serialize_keras_object`` output (or a plain name)."""
    if config is None:
        return None
    if isinstance(config, str):
        obj = get_registered_object(config, custom_objects, module_objects)
        if obj is None:
            known = ", ".join(sorted(k for k in (module_objects or {}) if not k.startswith("_")))
            raise ValueError(
                f"Unknown {printable_module_name}: {config!r}. Known names: {known}. "
                "Custom objects must be passed in `custom_objects` or registered with "
                "`cornu.saving.register_keras_serializable`."
            )
        return obj
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Cannot deserialize {printable_module_name} from {config!r}: expected a name "
            "or a dict with 'class_name' and 'config'."
        )
    name = config.get("registered_name") or config["class_name"]
    cls = get_registered_object(name, custom_objects, module_objects)
    if cls is None:
        cls = get_registered_object(config["class_name"], custom_objects, module_objects)
    if cls is None:
        raise ValueError(
            f"Unknown {printable_module_name} class {config['class_name']!r}. Pass it in "
            "`custom_objects` or register it with `cornu.saving.register_keras_serializable`."
        )
    inner = config.get("config", {})
    if inspect.isfunction(cls):
        return cls
    if hasattr(cls, "from_config"):
        return cls.from_config(inner)
    return cls(**inner)
