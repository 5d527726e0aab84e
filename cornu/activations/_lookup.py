"""Finding activations by name, and turning them into configs and back."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from cornu.activations import _normalizing, _rectifiers, _squashing
from cornu.saving import serialization

ALL_OBJECTS_DICT: dict[str, Callable] = {
    name: fn
    for module in (_rectifiers, _squashing, _normalizing)
    for name, fn in vars(module).items()
    if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
}
ALL_OBJECTS_DICT["swish"] = _rectifiers.silu
ALL_OBJECTS_DICT["hard_swish"] = _rectifiers.hard_silu

_BUILTINS = frozenset(ALL_OBJECTS_DICT.values())


def _function_config(name: str) -> dict:
    # Keras 3's layout for a plain (non-builtin) function.
    return {
        "module": "builtins",
        "class_name": "function",
        "config": name,
        "registered_name": "function",
    }


def serialize(activation: Callable) -> str | dict:
    """Returns the config of an activation: its name for the built-in ones.

    Args:
        activation: a built-in activation function, a registered custom function, or a
            callable object with ``get_config()`` (such as an activation layer).

    Returns:
        A string for built-in activations, a dict otherwise.

    Example:
        >>> from cornu import activations
        >>> activations.serialize(activations.relu)
        'relu'
    """
    if activation in _BUILTINS:
        return activation.__name__
    if inspect.isfunction(activation) or inspect.isbuiltin(activation):
        return _function_config(serialization.get_registered_name(activation))
    if hasattr(activation, "get_config"):
        return serialization.serialize_keras_object(activation)
    raise ValueError(
        f"Cannot serialize the activation {activation!r}: expected a built-in activation, "
        "a function, or an object with a get_config() method. Register custom activations "
        "with `cornu.saving.register_keras_serializable()`."
    )


def deserialize(config: str | dict, custom_objects: dict | None = None) -> Callable:
    """Returns the activation that ``config`` (from ``serialize``) describes.

    Args:
        config: an activation name, or a dict config.
        custom_objects: optional mapping from names to custom activations.

    Returns:
        The activation function (or callable object).

    Example:
        >>> from cornu import activations
        >>> activations.deserialize("softmax") is activations.softmax
        True
    """
    if isinstance(config, dict) and config.get("class_name") in ("function", "__function__"):
        config = config.get("config")
    if isinstance(config, str):
        fn = serialization.get_registered_object(config, custom_objects, ALL_OBJECTS_DICT)
        if fn is not None:
            return fn
        raise ValueError(_unknown_message(config))
    return serialization.deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="activation function",
    )


def get(identifier: Any) -> Callable:
    """Returns the activation function that ``identifier`` names.

    Args:
        identifier: None (gives ``linear``), a name such as ``"relu"``, a config dict,
            or a callable (returned as is).

    Returns:
        A callable activation.

    Example:
        >>> from cornu import activations
        >>> activations.get("relu") is activations.relu
        True
        >>> activations.get(None) is activations.linear
        True
    """
    if identifier is None:
        return _rectifiers.linear
    if isinstance(identifier, str):
        fn = ALL_OBJECTS_DICT.get(identifier)
        if fn is None:
            fn = serialization.get_registered_object(identifier)
        if fn is None:
            raise ValueError(_unknown_message(identifier))
        return fn
    if isinstance(identifier, dict):
        fn = deserialize(identifier)
    else:
        fn = identifier
    if callable(fn):
        return fn
    raise ValueError(
        f"Could not interpret the activation {identifier!r}: expected None, a name such as "
        "'relu', a config dict, or a callable."
    )


def _unknown_message(name: str) -> str:
    return (
        f"Unknown activation function {name!r}. Valid names: "
        f"{', '.join(sorted(ALL_OBJECTS_DICT))}. For a custom activation pass the function "
        "itself, or register it with `cornu.saving.register_keras_serializable()`."
    )
