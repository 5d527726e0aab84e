"""Sharded weights, as Keras 3 writes them with ``save_weights(..., max_shard_size=...)``.

``<name>.weights.json`` is the index::

    {"metadata": {"total_size": <bytes>},
     "weight_map": {"/layers/dense/vars": "<name>_00000.weights.h5", ...}}

and the shards ``<name>_00000.weights.h5``, ``<name>_00001.weights.h5``... hold the usual
``<object path>/vars/<index>`` datasets. Variables go to the current shard until adding one
would pass ``max_shard_size`` (in GB); then a new shard starts. An object whose variables
straddle two shards is listed with both files.

Writing is atomic as for other files: every shard and the index are written to temporary
files first, and renamed into place only when all are complete (the index last); a failed
save leaves the previous files as they were.
"""

from __future__ import annotations

import json
import os
import re
import warnings

import numpy as np

from cornu.saving.errors import SavingError
from cornu.saving.file_io import MAX_CONFIG_BYTES, commit, discard, temp_path_for
from cornu.saving.h5_store import H5Reader, VarsReader, open_h5

INDEX_SUFFIX = ".weights.json"


def index_path(filepath) -> str:
    """The index file name Keras uses: ``x.weights.h5`` becomes ``x.weights.json``."""
    path = os.fspath(filepath)
    if path.endswith(".h5"):
        new = path[:-len(".h5")] + ".json"
        warnings.warn(f"Sharded weights are saved as a `.json` index with `.h5` shards: "
                      f"writing '{new}' instead of '{path}'.", stacklevel=4)
        return new
    return path


def shard_name(index_file: str, number: int) -> str:
    """The file name of shard ``number`` of ``index_file`` (Keras's naming).

    Example:
        >>> shard_name("/tmp/model.weights.json", 1)
        'model_00001.weights.h5'
    """
    stem = os.path.splitext(os.path.basename(index_file))[0]
    return f"{stem.replace('.weights', '')}_{number:05}.weights.h5"


def _nbytes(value: np.ndarray) -> float:
    bits = 1 if value.dtype == np.bool_ else value.dtype.itemsize * 8
    return float(value.size) * bits / 8


def _readable(nbytes: float) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if nbytes < 1024:
            return f"{nbytes:.4g} {unit}"
        nbytes /= 1024
    return f"{nbytes:.4g} GiB"


class ShardedH5Writer:
    """The ``make(path, name)`` store of ``save_state``, spread over shard files."""

    def __init__(self, filepath, max_shard_size):
        try:
            limit = float(max_shard_size)
        except (TypeError, ValueError):
            limit = -1.0
        if not limit > 0:
            raise SavingError(f"save_weights: `max_shard_size` is the largest shard in GB, a "
                              f"number > 0; got {max_shard_size!r}.")
        self.path = os.fspath(filepath)
        self.directory = os.path.dirname(os.path.abspath(self.path))
        self.max_bytes = limit * 1024 ** 3
        self.weight_map: dict = {}
        self.total = 0.0
        self.current = 0.0
        self.shards: list = []  # (final name, temporary path, h5py.File)
        self._new_shard()

    @property
    def h5(self):
        return self.shards[-1][2]

    def _new_shard(self) -> None:
        name = shard_name(self.path, len(self.shards))
        tmp = temp_path_for(os.path.join(self.directory, name))
        try:
            self.shards.append((name, tmp, open_h5(tmp, "w", name)))
        except BaseException:
            discard(tmp)
            raise

    def make(self, path: str, name: str | None = None) -> _ShardedVars:
        entry = _ShardedVars(self, path)
        if name is not None:  # Keras creates a named object's group at once
            entry.group().attrs["name"] = name
        return entry

    def add(self, entry: _ShardedVars, key: str, value) -> None:
        from cornu import backend

        value = np.asarray(backend.convert_to_numpy(value))
        size = _nbytes(value)
        self.total += size
        if size > self.max_bytes:
            raise SavingError(
                f"save_weights: variable '{key}' of '{entry.path or '<model>'}' takes "
                f"{_readable(size)}, more than max_shard_size ({_readable(self.max_bytes)}). "
                "Raise `max_shard_size` (in GB)."
            )
        self.current += size
        if self.current > self.max_bytes:
            self._new_shard()
            self.current = size
        group = entry.group()
        group[key] = value
        shard = self.shards[-1][0]
        files = self.weight_map.get(group.name)
        # As Keras: a file name for an object's first variable, a list from its second on.
        if files is None:
            self.weight_map[group.name] = shard
            return
        if isinstance(files, str):
            files = self.weight_map[group.name] = [files]
        if shard not in files:
            files.append(shard)

    def commit(self, overwrite: bool = True) -> None:
        """Closes the shards and moves every file into place, the index last."""
        if not overwrite and os.path.exists(self.path):
            raise SavingError(f"'{self.path}' exists and overwrite=False; pass "
                              "overwrite=True or choose another path.")
        for _, _, h5 in self.shards:
            h5.close()
        previous = _previous_shards(self.path)
        index_tmp = temp_path_for(self.path)
        self.shards.append((os.path.basename(self.path), index_tmp, None))
        with open(index_tmp, "w", encoding="utf-8") as handle:
            json.dump({"metadata": {"total_size": self.total}, "weight_map": self.weight_map},
                      handle, indent=4)
        for name, tmp, _ in self.shards[:-1]:
            commit(tmp, os.path.join(self.directory, name))
        commit(index_tmp, self.path)
        current = {name for name, _, _ in self.shards[:-1]}
        self.shards = []
        own = re.compile(re.escape(shard_name(self.path, 0)).replace("00000", r"\d{5}"))
        for name in previous - current:  # shards of the old save that the new one dropped
            if own.fullmatch(name):
                discard(os.path.join(self.directory, name))

    def abort(self) -> None:
        """Removes every temporary file (the previous files stay as they were)."""
        for _, tmp, h5 in self.shards:
            if h5 is not None:
                try:
                    h5.close()
                except Exception:  # noqa: BLE001 - already failing; clean up what we can
                    pass
            discard(tmp)
        self.shards = []


class _ShardedVars:
    """One object's ``vars`` entry; its group moves to the next shard when one starts."""

    def __init__(self, writer: ShardedH5Writer, path: str):
        self.writer = writer
        self.path = path
        self._group = None

    def group(self):
        h5 = self.writer.h5
        if self._group is None or self._group.file != h5:
            self._group = h5.create_group(f"{self.path}/vars" if self.path else "vars")
        return self._group

    def __setitem__(self, key: str, value) -> None:
        self.writer.add(self, str(key), value)

    def keys(self) -> list:
        return [str(k) for k in self.group().keys()]

    def __len__(self) -> int:
        return len(self.keys())


def _previous_shards(path: str) -> set:
    try:
        return set(_index_files(path))
    except (OSError, SavingError):
        return set()


def _index_files(path: str) -> list:
    if not os.path.exists(path):
        return []
    files = []
    for value in read_index(path)["weight_map"].values():
        files.extend([value] if isinstance(value, str) else value)
    return files


def read_index(path: str) -> dict:
    """The parsed and checked ``.weights.json`` index at ``path``."""
    if os.path.getsize(path) > MAX_CONFIG_BYTES:
        raise SavingError(f"{path} is too large to be a sharded weights index.")
    try:
        with open(path, "rb") as handle:
            index = json.loads(handle.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise SavingError(f"{path} is not a valid sharded weights index (JSON): {err}.") from None
    weight_map = index.get("weight_map") if isinstance(index, dict) else None
    if not isinstance(weight_map, dict):
        raise SavingError(f"{path} is not a sharded weights index: it should hold a JSON "
                          "object with a 'weight_map' (saved by `save_weights(..., "
                          "max_shard_size=...)`).")
    for key, value in weight_map.items():
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(
                isinstance(n, str) and _plain_name(n) for n in names):
            raise SavingError(f"{path}: the entry for '{key}' should name shard files in the "
                              f"index's folder, found {value!r}.")
    return index


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name and (
        ":" not in name)


class ShardedH5Reader:
    """The ``get(path)`` store of ``load_state`` over the shards an index lists."""

    def __init__(self, filepath):
        self.path = os.fspath(filepath)
        self.directory = os.path.dirname(os.path.abspath(self.path))
        self.weight_map = read_index(self.path)["weight_map"]
        self._files: dict = {}

    def _reader(self, name: str) -> H5Reader:
        if name not in self._files:
            full = os.path.join(self.directory, name)
            if not os.path.exists(full):
                raise SavingError(f"{self.path} lists the shard '{name}', which is not in "
                                  f"'{self.directory}'. Keep the shards next to the index.")
            self._files[name] = H5Reader(open_h5(full, "r", full), full)
        return self._files[name]

    def get(self, path: str):
        key = f"/{path}/vars" if path else "/vars"
        names = self.weight_map.get(key)
        if names is None:
            return VarsReader(None, path, self.path)
        names = [names] if isinstance(names, str) else names
        parts = [self._reader(name).get(path) for name in names]
        return parts[0] if len(parts) == 1 else _MergedVars(parts)

    def close(self) -> None:
        for reader in self._files.values():
            reader.h5file.close()
        self._files = {}


class _MergedVars:
    """The ``vars`` of one object spread over several shards, read as one."""

    def __init__(self, parts: list):
        self.parts = parts

    def keys(self) -> list:
        out: list = []
        for part in self.parts:
            out.extend(k for k in part.keys() if k not in out)
        return out

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key) -> bool:
        return str(key) in self.keys()

    def _part(self, key):
        for part in self.parts:
            if str(key) in part:
                return part
        return self.parts[0]  # raises the usual "no variable" error

    def shape(self, key) -> tuple:
        return self._part(key).shape(key)

    def __getitem__(self, key):
        return self._part(key)[key]
