"""``save_model``/``load_model``/``save_weights``/``load_weights``: one entry point for
every format, chosen by the file name (and, when loading, by what the file holds)."""

from __future__ import annotations

import os
import zipfile

from cornu.saving.errors import SavingError
from cornu.saving.file_io import check_exists

_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_LEGACY_SUFFIXES = (".h5", ".hdf5")


def save_model(model, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
    """Saves a model: ``.keras`` (Keras 3 format) or ``.h5``/``.hdf5`` (Keras 2 format).

    Args:
        model: the model to save.
        filepath: the destination path (or a binary file object, for ``.keras``).
        overwrite: False refuses to replace an existing file.
        zipped: accepted for Keras compatibility; only zipped ``.keras`` files are written.
        **kwargs: ``include_optimizer`` (``.h5`` only, default True).

    Example:
        >>> import os, tempfile, cornu
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> cornu.saving.save_model(model, path)
        >>> cornu.saving.load_model(path).output_shape
        (None, 2)
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    kwargs.pop("save_format", None)
    if kwargs:
        raise TypeError(f"save_model: unexpected argument(s) {sorted(kwargs)}.")
    if zipped is False:
        raise SavingError("save_model: zipped=False (an unzipped folder) is not supported; "
                          "save to a `.keras` file.")
    if hasattr(filepath, "write"):
        from cornu.saving.saving_lib import save_model as save_keras

        save_keras(model, filepath)
        return
    path = os.fspath(filepath)
    if path.endswith(".keras"):
        from cornu.saving.saving_lib import save_model as save_keras

        save_keras(model, path, overwrite=overwrite)
    elif path.endswith(_LEGACY_SUFFIXES):
        from cornu.saving.legacy_h5 import save_model_h5

        save_model_h5(model, path, overwrite=overwrite, include_optimizer=include_optimizer)
    else:
        raise SavingError(
            f"Cannot tell which format to save '{path}' in: end the file name with `.keras` "
            "(the Keras 3 format, recommended) or `.h5` (the Keras 2 HDF5 format)."
        )


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Loads a model saved by cornu or Keras: ``.keras`` files (or their unzipped folder),
    and Keras 2 ``.h5``/``.hdf5`` files.

    Args:
        filepath: the file (or a binary file object).
        custom_objects: a dict of custom classes and functions the file refers to.
        compile: False skips restoring the training configuration (optimizer, loss).
        safe_mode: False allows loading Python bytecode (``Lambda`` layers) from the file;
            only do it for files you trust.

    Returns:
        The model.

    Example:
        >>> import os, tempfile, cornu
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> model.save(path)
        >>> cornu.saving.load_model(path).layers[0].units
        2
    """
    from cornu.saving import legacy_h5, saving_lib

    if hasattr(filepath, "read"):
        head = filepath.read(8)
        filepath.seek(0)
        if head.startswith(b"PK"):
            return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
        if head.startswith(_HDF5_SIGNATURE):
            return legacy_h5.load_model_h5(filepath, custom_objects, compile, safe_mode)
        raise SavingError("load_model: the file object holds neither a .keras zip nor an "
                          "HDF5 file.")
    path = check_exists(filepath, "model")
    if os.path.isdir(path):
        if not os.path.exists(os.path.join(path, "config.json")):
            raise SavingError(
                f"'{path}' is a folder without config.json. cornu loads `.keras` files, their "
                "unzipped folders, and `.h5` files (TensorFlow SavedModel folders are not "
                "supported: export them from Keras to `.keras` first)."
            )
        return saving_lib.load_model_from_dir(path, custom_objects, compile, safe_mode)
    kind = _file_kind(path)
    if kind == "zip":
        return saving_lib.load_model(path, custom_objects, compile, safe_mode)
    if kind == "hdf5":
        return legacy_h5.load_model_h5(path, custom_objects, compile, safe_mode)
    raise SavingError(
        f"'{path}' is neither a `.keras` file (a zip archive) nor an HDF5 `.h5` file; it may "
        "be damaged or in another format."
    )


def _file_kind(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise SavingError(f"Cannot read '{path}': {err}.") from None
    if head.startswith(_HDF5_SIGNATURE):
        return "hdf5"
    if head.startswith(b"PK") or zipfile.is_zipfile(path):
        return "zip"
    if path.endswith(".keras"):
        return "zip"  # let the zip reader explain what is wrong
    if path.endswith(_LEGACY_SUFFIXES):
        return "hdf5"
    return None


def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None) -> None:
    """Saves the weights of ``model``: ``.weights.h5`` (Keras 3), ``.h5`` (Keras 2), or,
    with ``max_shard_size`` (GB), a ``.weights.json`` index and its ``.weights.h5`` shards.

    Example:
        >>> import os, tempfile, cornu
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4)])
        >>> folder = tempfile.mkdtemp()  # kernel: 48 bytes, bias: 16 bytes; 50-byte shards
        >>> model.save_weights(os.path.join(folder, "w.weights.json"), max_shard_size=5e-8)
        >>> sorted(os.listdir(folder))
        ['w.weights.json', 'w_00000.weights.h5', 'w_00001.weights.h5']
    """
    path = os.fspath(filepath)
    if max_shard_size is not None:
        if not path.endswith(("weights.h5", "weights.json")):
            raise SavingError(
                "save_weights: with `max_shard_size`, the file name must end in "
                f"`.weights.json` (the index of the shards), got '{path}'."
            )
        from cornu.saving.saving_lib import save_weights_sharded
        from cornu.saving.sharded import index_path

        save_weights_sharded(model, index_path(path), max_shard_size, overwrite=overwrite)
    elif path.endswith(".weights.h5"):
        from cornu.saving.saving_lib import save_weights as save_new

        save_new(model, path, overwrite=overwrite)
    elif path.endswith(_LEGACY_SUFFIXES):
        from cornu.saving.legacy_h5 import save_weights_h5

        save_weights_h5(model, path, overwrite=overwrite)
    else:
        raise SavingError(
            f"save_weights: the file name must end in `.weights.h5` (or `.h5` for the Keras 2 "
            f"layout, or `.weights.json` with `max_shard_size`), got '{path}'."
        )


def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs) -> None:
    """Loads weights saved by ``save_weights`` or ``save`` (cornu or Keras, 2 or 3):
    ``.weights.h5``, ``.keras``, Keras 2 ``.h5``, or a sharded ``.weights.json`` index."""
    by_name = kwargs.pop("by_name", False)
    objects_to_skip = kwargs.pop("objects_to_skip", ())
    if kwargs:
        raise TypeError(f"load_weights: unexpected argument(s) {sorted(kwargs)}.")
    if not model.built:
        raise SavingError(
            f"Model '{model.name}' is not built yet, so its weights do not exist. Build it "
            "first (call it on data or `model.build(input_shape)`), then load the weights."
        )
    path = check_exists(filepath, "weights file")
    from cornu.saving import legacy_h5, saving_lib

    if _file_kind(path) == "hdf5" and legacy_h5.is_legacy_file(path):
        legacy_h5.load_weights_h5(model, path, by_name=by_name, skip_mismatch=skip_mismatch)
        return
    if by_name:
        raise SavingError("load_weights: `by_name=True` only applies to Keras 2 `.h5` files; "
                          f"'{path}' is in the Keras 3 layout.")
    if path.endswith(".json"):
        saving_lib.load_weights_sharded(model, path, skip_mismatch=skip_mismatch,
                                        objects_to_skip=objects_to_skip)
        return
    saving_lib.load_weights(model, path, skip_mismatch=skip_mismatch,
                            objects_to_skip=objects_to_skip)
