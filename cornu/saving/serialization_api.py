"""``model_from_json`` (the reverse of ``model.to_json()``) and ``model_from_config``."""

from __future__ import annotations


def model_from_json(json_string, custom_objects=None):
    """Rebuilds a model (with fresh weights) from ``model.to_json()`` output.

    Keras 3 JSON and Keras 1/2 JSON (``{"class_name", "config"}`` without ``module``) are
    both read; as for files, only cornu's own and registered classes can be named.

    Args:
        json_string: the JSON text.
        custom_objects: a dict of custom classes and functions it refers to.

    Returns:
        The model (compiled if the JSON records a training config).

    Example:
        >>> import cornu
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
        >>> cornu.models.model_from_json(model.to_json()).layers[0].units
        2
    """
    from cornu.saving.saving_lib import parse_config

    config = parse_config(json_string, "The JSON string")
    return model_from_config(config, custom_objects)


def model_from_config(config, custom_objects=None):
    """Rebuilds a model from a config dict (Keras 3 or Keras 1/2 form)."""
    from cornu.saving.legacy_config import model_from_legacy_config
    from cornu.saving.saving_lib import model_from_config as from_keras3

    if _is_legacy(config):
        return model_from_legacy_config(config, custom_objects)
    return from_keras3(config, custom_objects, compile=True, where="the model config")


def _is_legacy(config) -> bool:
    return isinstance(config, dict) and "module" not in config and not isinstance(
        config.get("registered_name"), str)
