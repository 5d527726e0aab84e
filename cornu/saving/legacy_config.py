"""Keras 1/2 model configs (``{"class_name", "config"}`` without ``module``) as cornu objects.

The layers accept the Keras 1/2 argument names themselves (``batch_input_shape``,
``input_dim``, ``init``...); this module only adapts the containers: a Keras 1/2
``Sequential`` config may be a bare list of layers, and functional configs record their
calls as ``[[layer, node, tensor, kwargs], ...]`` (read by ``functional_config``). Class
names are resolved like any config: only among cornu's own and registered classes.
"""

from __future__ import annotations

import json

from cornu.saving.errors import SavingError


def legacy_layer_from_config(config: dict, custom_objects=None):
    """A layer (or nested model) from a Keras 1/2 layer config."""
    from cornu.saving.serialization import deserialize_keras_object

    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise SavingError(f"Expected a layer config with 'class_name', got "
                          f"{str(config)[:200]}.")
    inner = config.get("config", {})
    if inner is None:
        inner = {}
    class_name = config["class_name"]
    entry = {"class_name": class_name, "config": _clean(class_name, inner)}
    if config.get("registered_name"):
        entry["registered_name"] = config["registered_name"]
    return deserialize_keras_object(entry, custom_objects=custom_objects,
                                    printable_module_name="layer")


def _clean(class_name, inner):
    """A Keras 1/2 layer config in the form cornu's ``from_config`` methods take."""
    if class_name == "Sequential" and isinstance(inner, list):
        inner = {"name": None, "layers": inner}
    if not isinstance(inner, dict):
        return inner
    # Keras 1 put the input dtype on the first layer; cornu takes it from the data.
    inner = {k: v for k, v in inner.items() if k not in ("inbound_nodes", "input_dtype")}
    if isinstance(inner.get("layers"), list):
        inner["layers"] = [
            {**layer, "config": _clean(layer.get("class_name"), layer.get("config"))}
            if isinstance(layer, dict) else layer for layer in inner["layers"]]
    return inner


def model_from_legacy_config(config, custom_objects=None):
    """A model from the ``model_config`` of a Keras 1/2 ``.h5`` file (dict or JSON text)."""
    from cornu.layers.layer import Layer

    if isinstance(config, (bytes, str)):
        try:
            config = json.loads(config)
        except (ValueError, RecursionError, UnicodeDecodeError) as err:
            raise SavingError(f"The file's model_config is not valid JSON ({err}).") from None
    try:
        model = legacy_layer_from_config(config, custom_objects)
    except SavingError:
        raise
    except RecursionError:
        raise SavingError("The model_config is nested too deeply.") from None
    except Exception as err:  # noqa: BLE001 - reported with what failed
        raise SavingError(f"Cannot rebuild the model from the file's model_config: "
                          f"{type(err).__name__}: {err}") from err
    if not isinstance(model, Layer):
        raise SavingError(f"The model_config describes a {type(model).__name__}, not a model.")
    return model


def compile_args_from_training_config(training_config: dict, custom_objects=None) -> dict:
    """``compile`` arguments from a Keras 2/3 ``.h5`` ``training_config``."""
    from cornu import optimizers
    from cornu.saving.serialization import deserialize_keras_object

    if not isinstance(training_config, dict):
        raise SavingError("The file's training_config should be a JSON object.")
    optimizer_config = training_config.get("optimizer_config")
    optimizer = None
    if optimizer_config is not None:
        if not isinstance(optimizer_config, dict):
            raise SavingError("The training_config's optimizer_config should be a dict.")
        optimizer = optimizers.deserialize(
            {"class_name": optimizer_config.get("class_name"),
             "config": optimizer_config.get("config", {})}, custom_objects=custom_objects)
    args = {"optimizer": optimizer if optimizer is not None else "rmsprop"}
    for key in ("loss", "metrics", "weighted_metrics", "loss_weights"):
        value = training_config.get(key)
        if value is not None:
            args[key] = deserialize_keras_object(value, custom_objects=custom_objects)
    return args
