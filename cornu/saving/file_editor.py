"""``KerasFileEditor``: inspect and edit the weights in a ``.keras`` or ``.weights.h5`` file
without building the model, then write them to a new ``.weights.h5`` file.

The file is read into ``weights_dict``: a nested ``OrderedDict`` that follows the HDF5 layout
(``layers/dense/vars/0`` becomes ``weights_dict["layers"]["dense"]["0"]``); a value is either
a NumPy array (a weight) or a dict (an object held by its parent). ``object_metadata`` maps
``"/<object path>"`` to the attributes of the object's ``vars`` group (its layer name).

Differences from Keras: nested objects (a model inside a model) and objects without weights
are kept, so a resaved file has the same layout as the original; renaming an object onto an
existing sibling raises instead of overwriting it; ``compare`` counts each weight once.
"""

from __future__ import annotations

import collections
import io
import os

import numpy as np

from cornu.saving.errors import SavingError
from cornu.saving.file_io import (
    MAX_CONFIG_BYTES,
    atomic_write,
    check_exists,
    open_zip,
    read_member,
)
from cornu.saving.h5_store import open_h5, read_dataset, safe_child

_VARS = "vars"
_MAX_DEPTH = 64
_WEIGHTS_EXT = ".weights.h5"


class KerasFileEditor:
    """Inspects and edits the weights of a ``.keras`` or ``.weights.h5`` file."""

    def __init__(self, filepath):
        self.filepath = os.fspath(filepath)
        if not self.filepath.endswith((".keras", _WEIGHTS_EXT)):
            raise ValueError(
                "KerasFileEditor: expected a `.keras` or `.weights.h5` file. Received: "
                f"filepath={self.filepath}"
            )
        check_exists(self.filepath, "file to edit")
        self.metadata = None
        self.config = None
        self.model = None
        self.weights_dict = collections.OrderedDict()
        self.object_metadata = {}
        if self.filepath.endswith(".keras"):
            self._read_keras_zip()
        else:
            self._read_h5(self.filepath, self.filepath)
        print(f"Keras model file '{self.filepath}'")
        if isinstance(self.metadata, dict):
            version = self.metadata.get("keras_version", "?")
            date = self.metadata.get("date_saved", "?")
            print(f"Saved with Keras {version} - date: {date}")

    # ---- reading -------------------------------------------------------------------

    def _read_keras_zip(self) -> None:
        from cornu.saving.saving_lib import (
            CONFIG_FILENAME,
            METADATA_FILENAME,
            WEIGHTS_FILENAME,
            parse_config,
        )

        with open_zip(self.filepath) as archive:
            names = archive.namelist()
            if METADATA_FILENAME in names:
                self.metadata = parse_config(
                    read_member(archive, METADATA_FILENAME, MAX_CONFIG_BYTES),
                    METADATA_FILENAME)
            if CONFIG_FILENAME in names:
                self.config = parse_config(
                    read_member(archive, CONFIG_FILENAME, MAX_CONFIG_BYTES), CONFIG_FILENAME)
            if WEIGHTS_FILENAME not in names:
                raise SavingError(f"The .keras file has no {WEIGHTS_FILENAME} (it has "
                                  f"{names}).")
            weights = read_member(archive, WEIGHTS_FILENAME)
        self._read_h5(io.BytesIO(weights), f"{self.filepath}: {WEIGHTS_FILENAME}")

    def _read_h5(self, source, where: str) -> None:
        h5 = open_h5(source, "r", where)
        try:
            self.weights_dict, self.object_metadata = _read_tree(h5, where)
        finally:
            h5.close()

    # ---- inspection ----------------------------------------------------------------

    def summary(self) -> None:
        """Prints the objects and weights (shape and dtype) held by the file."""
        print("Weights structure")
        lines = []
        _tree_lines(self.weights_dict, "", lines, top=True)
        for line in lines:
            print(line)

    def compare(self, reference_model) -> dict:
        """Lists the differences between the file and a model; returns a status dict.

        Returns ``{"status": "success" | "error", "error_count": n, "match_count": m}``:
        ``error_count`` counts missing objects, missing weights and shape mismatches,
        ``match_count`` the weights whose shapes match.
        """
        reference, _ = _model_tree(reference_model)
        saved = _flatten(self.weights_dict)
        wanted = _flatten(reference)
        errors, matches = 0, 0
        print("Running comparison")
        for path in sorted(set(saved) | set(wanted)):
            in_file, in_ref = saved.get(path), wanted.get(path)
            if in_ref is None or in_file is None:
                present, missing, have = (("saved file", "reference model", in_file)
                                          if in_ref is None else
                                          ("reference model", "saved file", in_ref))
                if not have:
                    continue  # an object without weights changes nothing
                errors += 1
                print(f"...Object {path} present in {present}, missing from {missing}")
                print(f"    In {present}, {path} contains the following keys: {list(have)}")
                continue
            for key in list(in_ref) + [k for k in in_file if k not in in_ref]:
                if key not in in_file or key not in in_ref:
                    errors += 1
                    where = "saved file" if key in in_file else "reference model"
                    print(f"...Weight {path}/{key} present only in the {where}")
                    continue
                ref_shape, file_shape = np.shape(in_ref[key]), np.shape(in_file[key])
                if ref_shape != file_shape:
                    errors += 1
                    print(f"...Weight shape mismatch for {path}/{key}")
                    print(f"    In reference model: shape={ref_shape}")
                    print(f"    In saved file: shape={file_shape}")
                else:
                    matches += 1
        print("-" * 21)
        if errors:
            print(f"Found {errors} errors: saved file is not compatible with the reference "
                  "model")
            return {"status": "error", "error_count": errors, "match_count": matches}
        print("Comparison successful: saved file is compatible with the reference model")
        print(f"    Found {matches} matching weights")
        return {"status": "success", "error_count": 0, "match_count": matches}

    # ---- editing -------------------------------------------------------------------

    def rename_object(self, object_name, new_name) -> None:
        """Renames an object, given by its name (if unique) or full path."""
        path = self._resolve(object_name, "rename_object")
        _check_object_name(new_name, "rename_object", "new_name")
        parent_path, _, old = path.rpartition("/")
        parent = self._node(parent_path)
        if new_name == old:
            return
        if new_name in parent:
            raise ValueError(
                f"rename_object: '{parent_path + '/' if parent_path else ''}{new_name}' "
                "already exists; delete it first with `delete_object` to replace it."
            )
        items = [(new_name if k == old else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
        new_path = f"{parent_path}/{new_name}" if parent_path else new_name
        self.object_metadata = {_moved(key, path, new_path): value
                                for key, value in self.object_metadata.items()}

    def delete_object(self, object_name) -> None:
        """Removes an object and everything under it."""
        path = self._resolve(object_name, "delete_object")
        parent_path, _, name = path.rpartition("/")
        del self._node(parent_path)[name]
        self.object_metadata = {key: value for key, value in self.object_metadata.items()
                                if not _under(key, path)}

    def add_object(self, object_path, weights) -> None:
        """Adds an object at a full path (its parent must exist) with ``{name: array}``."""
        weights = _check_weights(weights, "add_object")
        if not isinstance(object_path, str) or not object_path.strip("/"):
            raise ValueError("add_object: `object_path` should be a path such as "
                             f"'layers/dense_2'. Received: object_path={object_path!r}")
        path = object_path.strip("/")
        parent_path, _, name = path.rpartition("/")
        _check_object_name(name, "add_object", "object_path")
        if parent_path and not isinstance(self._find(parent_path), dict):
            raise ValueError(f"add_object: path '{parent_path}' not found in the file. Add "
                             "the parent object first, or use an existing path.")
        parent = self._node(parent_path)
        if name in parent and not isinstance(parent[name], dict):
            raise ValueError(f"add_object: '{path}' is a weight, not an object.")
        parent[name] = collections.OrderedDict(weights)
        self.object_metadata = {key: value for key, value in self.object_metadata.items()
                                if not _under(key, path)}

    def delete_weight(self, object_name, weight_name) -> None:
        """Removes one weight (e.g. ``"0"``) from an object."""
        path = self._resolve(object_name, "delete_weight")
        node = self._node(path)
        key = str(weight_name)
        if key not in node or isinstance(node[key], dict):
            weights = [k for k, v in node.items() if not isinstance(v, dict)]
            raise ValueError(f"delete_weight: '{path}' has no weight {weight_name!r} (its "
                             f"weights: {weights}).")
        del node[key]

    def add_weights(self, object_name, weights) -> None:
        """Adds (or replaces) weights ``{name: array}`` in an existing object."""
        weights = _check_weights(weights, "add_weights")
        path = self._resolve(object_name, "add_weights")
        node = self._node(path)
        for key, value in weights.items():
            if isinstance(node.get(key), dict):
                raise ValueError(f"add_weights: '{path}/{key}' is an object, not a weight.")
            node[key] = value

    # ---- writing -------------------------------------------------------------------

    def save(self, filepath) -> None:
        """Writes the edited weights to a new ``.weights.h5`` file (atomically)."""
        path = os.fspath(filepath)
        if not str(path).endswith(_WEIGHTS_EXT):
            raise ValueError("KerasFileEditor.save: expected a `.weights.h5` path. "
                             f"Received: filepath={path}")
        with atomic_write(path) as tmp:
            h5 = open_h5(tmp, "w", path)
            try:
                _write_tree(h5, self.weights_dict, "", self.object_metadata)
            finally:
                h5.close()

    def resave_weights(self, filepath) -> None:
        """Same as ``save``: writes the weights to a ``.weights.h5`` file."""
        self.save(filepath)

    # ---- helpers -------------------------------------------------------------------

    def _node(self, path: str):
        node = self.weights_dict
        for part in [p for p in path.split("/") if p]:
            node = node[part]
        return node

    def _find(self, path: str):
        node = self.weights_dict
        for part in [p for p in path.split("/") if p]:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def _resolve(self, object_name, method: str) -> str:
        """The full path of an object given by its path or by a unique name."""
        if not isinstance(object_name, str) or not object_name.strip("/"):
            raise ValueError(f"{method}: `object_name` should be an object's name or path "
                             f"(e.g. 'dense_2' or 'layers/dense_2'). Received: {object_name!r}")
        name = object_name.strip("/")
        if "/" in name:
            if isinstance(self._find(name), dict):
                return name
            raise ValueError(f"{method}: there is no object at '{name}' in the file. Use "
                             "`editor.summary()` to list the objects.")
        found = [p for p in _object_paths(self.weights_dict, "") if p.rsplit("/", 1)[-1] == name]
        if not found:
            raise ValueError(f"{method}: no object named '{name}' in the file. Use "
                             "`editor.summary()` to list the objects.")
        if len(found) > 1:
            raise ValueError(f"{method}: the name '{name}' occurs more than once in the file "
                             f"({found}); pass the full path instead.")
        return found[0]


# ---- the weights tree ------------------------------------------------------------------


def _read_tree(h5file, where: str):
    """``(weights_dict, object_metadata)`` of an HDF5 file in Keras 3's layout."""
    metadata: dict = {}

    def read_group(group, path: str, depth: int):
        if depth > _MAX_DEPTH:
            raise SavingError(f"{where}: objects are nested more than {_MAX_DEPTH} deep; "
                              "this is not a Keras weights file.")
        node = collections.OrderedDict()
        try:
            keys = [str(k) for k in group.keys()]
        except Exception as err:  # noqa: BLE001 - a damaged group
            raise SavingError(f"{where}: cannot list '{group.name}': {err}") from None
        if _VARS in keys:
            vars_group = safe_child(group, _VARS, want_group=True, where=where)
            metadata["/" + path] = {k: _plain(v) for k, v in vars_group.attrs.items()}
            for key in vars_group.keys():
                dataset = safe_child(vars_group, str(key), want_group=False, where=where)
                node[str(key)] = read_dataset(dataset, where)
        for key in keys:
            if key == _VARS:
                continue
            child = safe_child(group, key, want_group=True, where=where)
            if key in node:
                raise SavingError(f"{where}: '{group.name}' has both a weight and an object "
                                  f"named '{key}'.")
            node[key] = read_group(child, f"{path}/{key}" if path else key, depth + 1)
        return node

    return read_group(h5file, "", 0), metadata


def _write_tree(h5file, tree, prefix: str, metadata: dict) -> None:
    def write(group, node, path: str):
        weights = [(k, v) for k, v in node.items() if not isinstance(v, dict)]
        key = "/" + path
        if weights or key in metadata:
            vars_group = group.create_group(_VARS)
            for name, value in metadata.get(key, {}).items():
                vars_group.attrs[name] = value
            for name, value in weights:
                vars_group.create_dataset(name, data=np.asarray(value))
        for name, child in node.items():
            if isinstance(child, dict):
                write(group.create_group(name), child, f"{path}/{name}" if path else name)

    write(h5file, tree, prefix)


def _model_tree(model):
    """The weights tree of a model (cornu's, or any object with ``save_weights``)."""
    from cornu.layers.layer import Layer

    buffer = io.BytesIO()
    if isinstance(model, Layer):
        from cornu.saving.h5_store import H5Writer
        from cornu.saving.variable_io import save_state

        h5 = open_h5(buffer, "w", "the reference model")
        try:
            save_state(model, H5Writer(h5))
        finally:
            h5.close()
        h5 = open_h5(io.BytesIO(buffer.getvalue()), "r", "the reference model")
    elif callable(getattr(model, "save_weights", None)):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "reference.weights.h5")
            model.save_weights(path)
            with open(path, "rb") as handle:
                data = handle.read()
        h5 = open_h5(io.BytesIO(data), "r", "the reference model")
    else:
        raise TypeError("compare: `reference_model` should be a model. Received: "
                        f"{type(model).__name__}")
    try:
        return _read_tree(h5, "the reference model")
    finally:
        h5.close()


def _flatten(tree) -> dict:
    """``{"/object/path": {weight name: array}}`` for every object in a tree."""
    out: dict = {}

    def walk(node, path):
        out[path or "/"] = {k: v for k, v in node.items() if not isinstance(v, dict)}
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{path}/{key}")

    walk(tree, "")
    return out


def _object_paths(tree, prefix: str) -> list:
    paths = []
    for key, value in tree.items():
        if isinstance(value, dict):
            path = f"{prefix}/{key}" if prefix else key
            paths.append(path)
            paths.extend(_object_paths(value, path))
    return paths


def _tree_lines(node, indent: str, lines: list, top: bool = False) -> None:
    items = list(node.items())
    for i, (key, value) in enumerate(items):
        last = i == len(items) - 1
        if top:
            prefix = "  " + ("> " if i == 0 else "└─ " if last else "├─ ")
            child_indent = "  " + ("    " if last else "│   ")
        else:
            prefix = indent + ("└─ " if last else "├─ ")
            child_indent = indent + ("    " if last else "│   ")
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}")
            _tree_lines(value, child_indent, lines)
        else:
            array = np.asarray(value)
            lines.append(f"{prefix}{key}: shape={array.shape}, dtype={array.dtype}")


def _under(key: str, path: str) -> bool:
    target = "/" + path
    return key == target or key.startswith(target + "/")


def _moved(key: str, old: str, new: str) -> str:
    return "/" + new + key[len(old) + 1:] if _under(key, old) else key


def _plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_object_name(name, method: str, argument: str) -> None:
    if not isinstance(name, str) or not name or "/" in name or name == _VARS:
        raise ValueError(f"{method}: `{argument}` should end in a plain object name (no '/', "
                         f"not 'vars'). Received: {name!r}")


def _check_weights(weights, method: str) -> dict:
    """``{str name: numeric NumPy array}`` from a dict of arrays, tensors or lists."""
    if not isinstance(weights, dict):
        raise ValueError(f"{method}: `weights` should be a dict mapping weight names "
                         "(usually '0', '1', ...) to arrays. Received: "
                         f"type(weights)={type(weights).__name__}")
    out = collections.OrderedDict()
    for key, value in weights.items():
        name = str(key)
        if not name or "/" in name:
            raise ValueError(f"{method}: weight names should be plain names such as '0'. "
                             f"Received: {key!r}")
        if not isinstance(value, (np.ndarray, np.generic, list, tuple, int, float, bool)):
            from cornu import backend

            value = backend.convert_to_numpy(value)
        array = np.asarray(value)
        if array.dtype.name == "bfloat16":
            array = array.astype("float32")
        if array.dtype.kind not in "biuf":
            raise ValueError(f"{method}: weight '{name}' should hold numbers, got an array "
                             f"of {array.dtype}.")
        out[name] = array
    return out


__all__ = ["KerasFileEditor"]
