"""How a ``Lambda`` layer's function is stored: Python lambdas as bytecode (loadable only
outside safe mode), named functions by name (found among registered objects and cornu's
ops and activations), in Keras 3's format."""

from __future__ import annotations

import inspect

from cornu.saving.errors import SavingError


def function_config(fn):
    """The config of ``fn`` for ``Lambda.get_config``."""
    from cornu.saving.object_registration import get_registered_name, is_registered
    from cornu.saving.safe_mode import dump_function

    if inspect.isfunction(fn) and fn.__name__ == "<lambda>":
        code, defaults, closure = dump_function(fn)
        return {"class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure}}
    name = get_registered_name(fn)
    module = getattr(fn, "__module__", None) or "builtins"
    if not is_registered(fn):
        if module.startswith("cornu.ops"):
            module = "keras.ops"
        elif module.startswith("cornu.activations"):
            module = "keras.activations"
    if inspect.isfunction(fn) or inspect.isbuiltin(fn):
        return {"module": module, "class_name": "function", "config": name,
                "registered_name": name}
    from cornu.saving.serialization import serialize_keras_object

    return serialize_keras_object(fn)


def function_from_config(config, safe_mode=None):
    """The function a ``function_config`` entry describes (bytecode only outside safe
    mode)."""
    from cornu.saving.safe_mode import check_safe_mode, load_function

    if callable(config):
        return config
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        check_safe_mode(safe_mode, "a Lambda layer's Python bytecode")
        inner = config.get("config") or {}
        if not isinstance(inner, dict) or "code" not in inner:
            raise SavingError("A Lambda layer's stored function has no 'code'.")
        return load_function(inner["code"], inner.get("defaults"), inner.get("closure"),
                             safe_mode=False)
    name = config.get("config") if isinstance(config, dict) else config
    if isinstance(config, dict) and config.get("class_name") != "function":
        from cornu.saving.serialization import deserialize_keras_object

        return deserialize_keras_object(config)
    return _named_function(name, config.get("registered_name") if isinstance(
        config, dict) else None)


def _named_function(name, registered):
    from cornu import activations, ops
    from cornu.saving.object_registration import get_registered_object

    for key in (registered, name):
        obj = get_registered_object(key)
        if obj is not None:
            return obj
    if isinstance(name, str) and not name.startswith("_"):
        fn = getattr(ops, name, None)
        if callable(fn) and getattr(fn, "__module__", "") == "cornu.ops":
            return fn
        try:
            return activations.get(name)
        except (ValueError, TypeError):
            pass
    raise SavingError(
        f"A Lambda layer calls the function {name!r}, which is neither registered nor a "
        "cornu op or activation. Pass it in `custom_objects` (or register it with "
        "`cornu.saving.register_keras_serializable`)."
    )
