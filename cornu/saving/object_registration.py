"""Where custom classes and functions are found by name: the registry and scopes.

Lookup order (as in Keras): the ``custom_objects`` argument, then the innermost
``CustomObjectScope``s, then the global registry filled by ``register_keras_serializable``
(or by editing ``get_custom_objects()``).
"""

from __future__ import annotations

import inspect
import threading

_CUSTOM_OBJECTS: dict[str, object] = {}
_CUSTOM_NAMES: dict[object, str] = {}
_SCOPES = threading.local()


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator that makes a custom class or function loadable by name.

    The object is registered as ``"<package>><name>"`` (name defaults to the object's
    ``__name__``); saved configs record that name and loading finds it again.

    Args:
        package: a namespace for the name (avoids clashes between libraries).
        name: the name to register under; default the class or function name.

    Returns:
        A decorator that registers its argument and returns it unchanged.

    Example:
        >>> import cornu
        >>> @cornu.saving.register_keras_serializable(package="demo")
        ... def twice(x):
        ...     return 2 * x
        >>> cornu.saving.get_registered_name(twice)
        'demo>twice'
        >>> cornu.saving.get_registered_object("demo>twice") is twice
        True
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(
            f"register_keras_serializable: `package` must be a string without '>', got "
            f"{package!r}."
        )

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
    """The name ``obj`` is registered under, or its plain ``__name__``.

    Example:
        >>> import cornu
        >>> cornu.saving.get_registered_name(cornu.layers.Dense)
        'Dense'
    """
    return _CUSTOM_NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def is_registered(obj) -> bool:
    """Whether ``obj`` went through ``register_keras_serializable``."""
    try:
        return obj in _CUSTOM_NAMES
    except TypeError:  # unhashable
        return False


def _scope_objects() -> dict:
    merged: dict = {}
    for scope in getattr(_SCOPES, "stack", ()):
        merged.update(scope)
    return merged


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class or function registered as ``name`` (None when unknown).

    Args:
        name: a registered name (``"package>Name"``) or a plain name.
        custom_objects: a dict searched first.
        module_objects: a dict searched last (the built-in objects of a module).

    Returns:
        The object, or None.

    Example:
        >>> import cornu
        >>> with cornu.saving.CustomObjectScope({"MyThing": dict}):
        ...     cornu.saving.get_registered_object("MyThing") is dict
        True
    """
    if not isinstance(name, str):
        return None
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    scoped = _scope_objects()
    if name in scoped:
        return scoped[name]
    if name in _CUSTOM_OBJECTS:
        return _CUSTOM_OBJECTS[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


def get_custom_objects() -> dict:
    """The global registry of custom objects (name -> class or function), editable.

    Example:
        >>> import cornu
        >>> isinstance(cornu.saving.get_custom_objects(), dict)
        True
    """
    return _CUSTOM_OBJECTS


class CustomObjectScope:
    """Makes custom objects findable by name while the ``with`` block runs.

    Args:
        custom_objects: dicts of name -> class or function (several may be given).

    Example:
        >>> import cornu
        >>> class Twice(cornu.layers.Layer):
        ...     def call(self, x):
        ...         return 2 * x
        >>> config = {"class_name": "Twice", "config": {"name": "t"}}
        >>> with cornu.saving.CustomObjectScope({"Twice": Twice}):
        ...     layer = cornu.layers.deserialize(config)
        >>> type(layer).__name__
        'Twice'
    """

    def __init__(self, *custom_objects):
        merged: dict = {}
        for objects in custom_objects:
            if objects:
                merged.update(objects)
        self.custom_objects = merged

    def __enter__(self):
        if not hasattr(_SCOPES, "stack"):
            _SCOPES.stack = []
        _SCOPES.stack.append(self.custom_objects)
        return self

    def __exit__(self, *exc_info):
        _SCOPES.stack.pop()
        return False


def custom_object_scope(*custom_objects) -> CustomObjectScope:
    """Same as ``CustomObjectScope(*custom_objects)`` (the Keras 2 spelling)."""
    return CustomObjectScope(*custom_objects)
