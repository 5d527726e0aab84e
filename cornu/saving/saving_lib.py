"""The ``.keras`` format: a zip of ``metadata.json``, ``config.json``, ``model.weights.h5``
and the layers' ``assets/``, laid out exactly as Keras 3 writes it; and ``.weights.h5``
files (single or sharded)."""

from __future__ import annotations

import datetime
import io
import json
import os
import zipfile

from cornu.saving import keras_format
from cornu.saving.assets import ASSETS_DIRNAME, load_assets_from_dir, read_assets, write_assets
from cornu.saving.errors import SavingError
from cornu.saving.file_io import (
    MAX_CONFIG_BYTES,
    atomic_write,
    check_exists,
    open_zip,
    read_member,
)
from cornu.saving.h5_store import H5Reader, H5Writer, open_h5
from cornu.saving.variable_io import load_state, save_state

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"
# The Keras version whose format cornu writes (metadata only; Keras does not check it).
KERAS_FORMAT_VERSION = "3.15.1"


def save_model(model, filepath, overwrite: bool = True) -> None:
    """Writes ``model`` to a ``.keras`` file (atomically: the old file survives a crash)."""
    config_json, metadata_json = _model_json(model)
    weights = io.BytesIO()
    h5 = open_h5(weights, "w", "model.weights.h5")
    try:
        save_state(model, H5Writer(h5))
    finally:
        h5.close()
    if hasattr(filepath, "write"):
        _write_zip(filepath, config_json, metadata_json, weights.getvalue(), model)
        return
    with atomic_write(filepath, overwrite=overwrite) as tmp:
        with open(tmp, "wb") as handle:
            _write_zip(handle, config_json, metadata_json, weights.getvalue(), model)


def _model_json(model) -> tuple[str, str]:
    from cornu import __version__
    from cornu.saving.serialization import serialize_keras_object

    config_json = keras_format.dumps(serialize_keras_object(model))
    metadata = {
        "keras_version": KERAS_FORMAT_VERSION,
        "cornu_version": __version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }
    return config_json, json.dumps(metadata)


def _write_zip(handle, config_json: str, metadata_json: str, weights: bytes,
               model=None) -> None:
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr(METADATA_FILENAME, metadata_json)
        archive.writestr(CONFIG_FILENAME, config_json)
        archive.writestr(WEIGHTS_FILENAME, weights)
        if model is not None:
            write_assets(model, archive)


def parse_config(raw: bytes | str, where: str):
    """JSON text -> a config dict, with a ``SavingError`` for anything malformed."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        config = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise SavingError(f"{where} is not valid JSON ({err}). The file is damaged.") from None
    if not isinstance(config, dict):
        raise SavingError(f"{where} should hold a JSON object (a model config), found "
                          f"{type(config).__name__}.")
    return config


def model_from_config(config: dict, custom_objects=None, compile: bool = True,
                      safe_mode: bool = True, where: str = "config.json"):
    """Rebuilds the model a ``.keras`` ``config.json`` describes."""
    from cornu.layers.layer import Layer
    from cornu.saving.serialization import deserialize_keras_object

    config = dict(config)
    if not compile:
        config.pop("compile_config", None)
    try:
        model = deserialize_keras_object(config, custom_objects=custom_objects,
                                         safe_mode=safe_mode)
    except SavingError:
        raise
    except RecursionError:
        raise SavingError(f"{where} is nested too deeply to be a model config.") from None
    except Exception as err:  # noqa: BLE001 - any failure while rebuilding is reported alike
        raise SavingError(
            f"Cannot rebuild the model from {where}: {type(err).__name__}: {err}"
        ) from err
    if not isinstance(model, Layer):
        raise SavingError(f"{where} describes a {type(model).__name__}, not a model or layer.")
    return model


def load_model(source, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Reads a model from a ``.keras`` zip (path or binary file object)."""
    with open_zip(source) as archive:
        config = parse_config(read_member(archive, CONFIG_FILENAME, MAX_CONFIG_BYTES),
                              CONFIG_FILENAME)
        model = model_from_config(config, custom_objects, compile, safe_mode)
        names = archive.namelist()
        if WEIGHTS_FILENAME not in names:
            raise SavingError(f"The .keras file has no {WEIGHTS_FILENAME} (it has {names}).")
        weights = read_member(archive, WEIGHTS_FILENAME)
        _load_weights_bytes(model, weights, "model.weights.h5 in the .keras file")
        read_assets(model, archive)
    return model


def load_model_from_dir(dirpath, custom_objects=None, compile=True, safe_mode=True):
    """Reads an unzipped ``.keras`` folder (``config.json`` + ``model.weights.h5``)."""
    config_path = os.path.join(dirpath, CONFIG_FILENAME)
    weights_path = os.path.join(dirpath, WEIGHTS_FILENAME)
    for path in (config_path, weights_path):
        check_exists(path, "saved model part")
    if os.path.getsize(config_path) > MAX_CONFIG_BYTES:
        raise SavingError(f"{config_path} is too large to be a model config.")
    with open(config_path, "rb") as handle:
        config = parse_config(handle.read(), config_path)
    model = model_from_config(config, custom_objects, compile, safe_mode, where=config_path)
    h5 = open_h5(weights_path, "r", weights_path)
    try:
        load_state(model, H5Reader(h5, weights_path))
    finally:
        h5.close()
    load_assets_from_dir(model, os.path.join(dirpath, ASSETS_DIRNAME))
    return model


def _load_weights_bytes(model, weights: bytes, where: str, skip_mismatch=False,
                        objects_to_skip=()) -> None:
    h5 = open_h5(io.BytesIO(weights), "r", where)
    try:
        load_state(model, H5Reader(h5, where), skip_mismatch=skip_mismatch,
                   objects_to_skip=objects_to_skip)
    finally:
        h5.close()


def save_weights(model, filepath, overwrite: bool = True, objects_to_skip=()) -> None:
    """Writes the weights of ``model`` to a ``.weights.h5`` file (atomically)."""
    _check_built(model)
    with atomic_write(filepath, overwrite=overwrite) as tmp:
        h5 = open_h5(tmp, "w", os.fspath(filepath))
        try:
            save_state(model, H5Writer(h5), objects_to_skip=objects_to_skip)
        finally:
            h5.close()


def _check_built(model) -> None:
    if not model.built:
        raise SavingError(
            f"Model '{model.name}' is not built yet, so it has no weights to save. Call it on "
            "data or `model.build(input_shape)` first."
        )


def load_weights(model, filepath, skip_mismatch: bool = False, objects_to_skip=()) -> None:
    """Reads weights from a ``.weights.h5`` file or a ``.keras`` file into ``model``."""
    path = check_exists(filepath, "weights file")
    if zipfile.is_zipfile(path):
        with open_zip(path) as archive:
            weights = read_member(archive, WEIGHTS_FILENAME)
        _load_weights_bytes(model, weights, f"{path}: {WEIGHTS_FILENAME}", skip_mismatch,
                            objects_to_skip)
        return
    h5 = open_h5(path, "r", path)
    try:
        load_state(model, H5Reader(h5, path), skip_mismatch=skip_mismatch,
                   objects_to_skip=objects_to_skip)
    finally:
        h5.close()


def save_weights_sharded(model, filepath, max_shard_size, overwrite: bool = True) -> None:
    """Writes the weights of ``model`` as a ``.weights.json`` index and ``.weights.h5``
    shards of at most ``max_shard_size`` GB each (Keras 3's sharded layout), atomically."""
    from cornu.saving.sharded import ShardedH5Writer

    _check_built(model)
    if not overwrite and os.path.exists(filepath):
        raise SavingError(f"'{filepath}' exists and overwrite=False; pass overwrite=True or "
                          "choose another path.")
    writer = ShardedH5Writer(filepath, max_shard_size)
    try:
        save_state(model, writer)
        writer.commit(overwrite=overwrite)
    finally:
        writer.abort()


def load_weights_sharded(model, filepath, skip_mismatch: bool = False,
                         objects_to_skip=()) -> None:
    """Reads weights saved by ``save_weights_sharded`` (cornu or Keras) into ``model``."""
    from cornu.saving.sharded import ShardedH5Reader

    reader = ShardedH5Reader(check_exists(filepath, "sharded weights index"))
    try:
        load_state(model, reader, skip_mismatch=skip_mismatch, objects_to_skip=objects_to_skip)
    finally:
        reader.close()
