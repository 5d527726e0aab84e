"""Keras 2 HDF5 files: whole models (``model_config`` + ``model_weights``) and weights.

Layout: the file (or its ``model_weights`` group) lists ``layer_names``; each layer has a
group whose ``weight_names`` attribute lists its datasets, in the order trainable weights
then non-trainable ones. Weights load in layer order (layers without weights skipped on
both sides) or, with ``by_name=True``, into the layers of the same name. Written files use
Keras 3's legacy layout, which Keras 3 (and cornu) read back.
"""

from __future__ import annotations

import json
import warnings

import numpy as np

from cornu.saving import keras_format
from cornu.saving.errors import SavingError
from cornu.saving.file_io import atomic_write, check_exists
from cornu.saving.h5_store import open_h5, read_dataset, safe_child

_ATTR_LIMIT = 64512  # HDF5 object headers hold at most this many bytes per attribute


def is_legacy_file(path) -> bool:
    """Whether an HDF5 file uses the Keras 2 layout (rather than ``layers/.../vars``)."""
    h5 = open_h5(path, "r", str(path))
    try:
        return "layer_names" in h5.attrs or "model_config" in h5.attrs or (
            "model_weights" in h5 and "vars" not in h5)
    finally:
        h5.close()


# --- reading -----------------------------------------------------------------------------
def _text_attr(group, name: str, where: str):
    try:
        value = group.attrs.get(name)
    except Exception as err:  # noqa: BLE001
        raise SavingError(f"{where}: cannot read attribute '{name}': {err}.") from None
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value


def _names_attr(group, name: str, where: str) -> list:
    """A list-of-strings attribute, possibly split into ``name0``, ``name1``... chunks."""
    try:
        attrs = group.attrs
        if name in attrs:
            raw = list(np.atleast_1d(attrs[name]))
        else:
            raw, chunk = [], 0
            while f"{name}{chunk}" in attrs:
                raw.extend(np.atleast_1d(attrs[f"{name}{chunk}"]))
                chunk += 1
    except Exception as err:  # noqa: BLE001
        raise SavingError(f"{where}: cannot read attribute '{name}': {err}.") from None
    out = []
    for item in raw:
        if isinstance(item, bytes):
            item = item.decode("utf-8", "replace")
        if not isinstance(item, str):
            if isinstance(item, (float, np.floating)):
                continue  # Keras writes an empty list as an empty float array
            raise SavingError(f"{where}: attribute '{name}' should list names, found "
                              f"{item!r}.")
        out.append(item)
    return out


def _dataset_at(group, name: str, where: str):
    parts = [p for p in name.split("/") if p]
    node = group
    for i, part in enumerate(parts):
        node = safe_child(node, part, want_group=i < len(parts) - 1, where=where)
        if node is None:
            raise SavingError(f"{where}: '{name}' is listed in weight_names but missing.")
    if node is group:
        raise SavingError(f"{where}: an empty name is listed in weight_names.")
    return node


def _layer_values(group, name: str, where: str) -> list:
    layer_group = safe_child(group, name, want_group=True, where=where)
    if layer_group is None:
        raise SavingError(f"{where}: layer '{name}' is listed in layer_names but has no group.")
    return [_dataset_at(layer_group, w, where) for w in _names_attr(layer_group,
                                                                     "weight_names", where)]


def _legacy_weights(layer) -> list:
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _weighted(layers) -> list:
    return [layer for layer in layers if _legacy_weights(layer)]


def load_weights_from_group(group, model, by_name=False, skip_mismatch=False,
                            where="weights file") -> None:
    """Loads a Keras 2 weights group into ``model`` (nothing changes on a mismatch)."""
    names = _names_attr(group, "layer_names", where)
    plan, problems = [], []
    if by_name:
        index: dict = {}
        for layer in model.layers:
            index.setdefault(layer.name, []).append(layer)
        for name in names:
            if name not in index:
                continue
            datasets = _layer_values(group, name, where)
            for layer in index[name]:
                _plan_layer(layer, datasets, name, plan, problems, where)
    else:
        saved = [n for n in names if _layer_values(group, n, where)]
        layers = _weighted(model.layers)
        if len(saved) != len(layers):
            raise SavingError(
                f"{where} holds weights for {len(saved)} layer(s) {saved[:10]}, but model "
                f"'{model.name}' has {len(layers)} layer(s) with weights "
                f"{[layer.name for layer in layers][:10]}. Use `by_name=True` to load the "
                "layers whose names match."
            )
        for layer, name in zip(layers, saved):
            _plan_layer(layer, _layer_values(group, name, where), name, plan, problems, where)
    if problems and not skip_mismatch:
        raise SavingError("Cannot load the weights: " + " | ".join(problems))
    for problem in problems:
        warnings.warn(problem + " (skipped: skip_mismatch=True)", stacklevel=3)
    for variable, value in plan:
        variable.assign(value)


def _plan_layer(layer, datasets, saved_name, plan, problems, where) -> None:
    variables = _legacy_weights(layer)
    if len(variables) != len(datasets):
        problems.append(f"layer '{layer.name}' has {len(variables)} weight(s) but {where} has "
                        f"{len(datasets)} for '{saved_name}'")
        return
    pending = []
    for variable, dataset in zip(variables, datasets):
        if tuple(dataset.shape) != tuple(variable.shape):
            problems.append(f"layer '{layer.name}': weight '{variable.path}' has shape "
                            f"{tuple(variable.shape)}, the file's has {tuple(dataset.shape)}")
            return
        pending.append((variable, read_dataset(dataset, where)))
    plan.extend(pending)


def load_weights_h5(model, path, by_name=False, skip_mismatch=False) -> None:
    """``model.load_weights`` for a Keras 2 ``.h5`` file (weights-only or whole model)."""
    path = check_exists(path, "weights file")
    h5 = open_h5(path, "r", path)
    try:
        group = h5
        if "layer_names" not in h5.attrs and "model_weights" in h5:
            group = safe_child(h5, "model_weights", want_group=True, where=path)
        load_weights_from_group(group, model, by_name, skip_mismatch, where=path)
    finally:
        h5.close()


def load_model_h5(source, custom_objects=None, compile=True, safe_mode=True):
    """``load_model`` for a Keras 2 (or Keras 3 legacy) whole-model ``.h5`` file."""
    from cornu.saving.legacy_config import (
        compile_args_from_training_config,
        model_from_legacy_config,
    )
    from cornu.saving.safe_mode import safe_mode_scope

    where = getattr(source, "name", None) or str(source)
    h5 = open_h5(source, "r", where)
    try:
        model_config = _text_attr(h5, "model_config", where)
        if model_config is None:
            raise SavingError(
                f"{where} has no model_config: it holds only weights. Build the model in code "
                "and call `model.load_weights(path)`."
            )
        with safe_mode_scope(safe_mode):
            model = model_from_legacy_config(model_config, custom_objects)
        weights = safe_child(h5, "model_weights", want_group=True, where=where)
        if weights is None:
            raise SavingError(f"{where} has a model_config but no model_weights group.")
        load_weights_from_group(weights, model, where=where)
        training_config = _text_attr(h5, "training_config", where)
        if compile and training_config:
            try:
                config = json.loads(training_config)
            except ValueError as err:
                raise SavingError(f"{where}: training_config is not valid JSON ({err}).") from None
            model.compile(**compile_args_from_training_config(config, custom_objects))
            _load_optimizer_weights(h5, model, where)
    finally:
        h5.close()
    return model


def _load_optimizer_weights(h5, model, where) -> None:
    group = safe_child(h5, "optimizer_weights", want_group=True, where=where)
    if group is None or model.optimizer is None:
        return
    datasets = [_dataset_at(group, n, where) for n in _names_attr(group, "weight_names", where)]
    optimizer = model.optimizer
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    variables = optimizer.variables
    if len(variables) != len(datasets) or any(
            tuple(v.shape) != tuple(d.shape) for v, d in zip(variables, datasets)):
        warnings.warn(
            f"{where}: the saved optimizer state ({len(datasets)} variables) does not match "
            f"this optimizer ({len(variables)} variables; Keras 2 orders them differently), "
            "so training restarts with a fresh optimizer state.", stacklevel=3)
        return
    optimizer.set_weights([read_dataset(d, where) for d in datasets])


# --- writing -----------------------------------------------------------------------------
def _names_to_attr(group, name: str, names: list) -> None:
    # Fixed-length byte strings, as Keras 2 wrote them (its readers call ``.decode``).
    data = np.array([n.encode("utf-8") for n in names], dtype="S") if names else np.array(
        [], dtype=np.float64)
    if data.size and sum(len(n) for n in data) > _ATTR_LIMIT:
        chunks = np.array_split(data, (sum(len(n) for n in data) // _ATTR_LIMIT) + 1)
        for i, chunk in enumerate(chunks):
            group.attrs[f"{name}{i}"] = chunk
    else:
        group.attrs[name] = data


def _write_weights(group, name: str, variables) -> None:
    from cornu import backend

    layer_group = group.create_group(name)
    names, seen = [], set()
    for variable in variables:
        weight_name = str(getattr(variable, "path", None) or variable.name)
        base, i = weight_name, 1
        while weight_name in seen:
            weight_name, i = f"{base}_{i}", i + 1
        seen.add(weight_name)
        names.append(weight_name)
        layer_group.create_dataset(weight_name, data=np.asarray(
            backend.convert_to_numpy(variable)))
    _names_to_attr(layer_group, "weight_names", names)


def save_weights_to_group(group, model) -> None:
    """Writes ``model``'s weights in the Keras 2 layout into an HDF5 group."""
    from cornu.saving.saving_lib import KERAS_FORMAT_VERSION

    layers = list(model.layers)
    _names_to_attr(group, "layer_names", [layer.name for layer in layers])
    group.attrs["backend"] = b"torch"
    group.attrs["keras_version"] = KERAS_FORMAT_VERSION.encode("utf-8")
    for layer in sorted(layers, key=lambda x: x.name):
        _write_weights(group, layer.name, _legacy_weights(layer))
    own = [v for v in getattr(model, "_own_variables", [])]
    _write_weights(group, "top_level_model_weights", own)


def save_weights_h5(model, path, overwrite=True) -> None:
    """``model.save_weights("w.h5")``: a Keras 2 style weights file."""
    with atomic_write(path, overwrite=overwrite) as tmp:
        h5 = open_h5(tmp, "w", str(path))
        try:
            save_weights_to_group(h5, model)
        finally:
            h5.close()


def save_model_h5(model, path, overwrite=True, include_optimizer=True) -> None:
    """``model.save("m.h5")``: architecture, weights and training config, Keras 2 layout."""
    from cornu.saving.saving_lib import KERAS_FORMAT_VERSION
    from cornu.saving.serialization import serialize_keras_object

    config = keras_format.export(serialize_keras_object(model))
    model_config = {"class_name": config["class_name"], "config": _strip(config["config"])}
    compile_config = model.get_compile_config() if include_optimizer else None
    with atomic_write(path, overwrite=overwrite) as tmp:
        h5 = open_h5(tmp, "w", str(path))
        try:
            h5.attrs["backend"] = b"torch"
            h5.attrs["keras_version"] = KERAS_FORMAT_VERSION.encode("utf-8")
            h5.attrs["model_config"] = json.dumps(
                model_config, default=keras_format.json_default).encode("utf-8")
            if compile_config:
                h5.attrs["training_config"] = json.dumps(
                    _training_config(compile_config),
                    default=keras_format.json_default).encode("utf-8")
            save_weights_to_group(h5.create_group("model_weights"), model)
            optimizer = getattr(model, "optimizer", None)
            if include_optimizer and optimizer is not None and optimizer.variables:
                _write_optimizer(h5, optimizer)
        finally:
            h5.close()


def _strip(config):
    """Keras 3's legacy layout: layer entries carry only ``class_name`` and ``config``."""
    if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
        return config
    layers = []
    for entry in config["layers"]:
        if isinstance(entry, dict) and "class_name" in entry:
            entry = {k: v for k, v in entry.items()
                     if k not in ("module", "registered_name", "build_config",
                                  "compile_config")}
            entry["config"] = _strip(entry.get("config"))
        layers.append(entry)
    return {**config, "layers": layers}


def _training_config(compile_config: dict) -> dict:
    config = keras_format.export(dict(compile_config))
    optimizer = config.pop("optimizer", None)
    if isinstance(optimizer, dict):
        config["optimizer_config"] = {"class_name": optimizer.get("class_name"),
                                      "config": optimizer.get("config", {})}
    return config


def _write_optimizer(h5, optimizer) -> None:
    from cornu import backend

    group = h5.create_group("optimizer_weights")
    names = []
    for variable in optimizer.variables:
        name = str(variable.path)
        names.append(name)
        group.create_dataset(name, data=np.asarray(backend.convert_to_numpy(variable)))
    _names_to_attr(group, "weight_names", names)
