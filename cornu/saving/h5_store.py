"""Variables in HDF5, in Keras 3's layout: ``<object path>/vars/<index>`` datasets.

Reading is defensive: only plain hard-linked groups and numeric datasets stored inside the
file are accepted (no external or virtual data, no links out of the file), and a dataset
whose declared size is far larger than what the file stores for it (a decompression bomb)
is refused before anything is read.
"""

from __future__ import annotations

import numpy as np

from cornu.saving.errors import SavingError

# A dataset may expand past what it stores only this much (Keras writes uncompressed data,
# gzip cannot exceed ~1000x); small datasets are exempt.
_MAX_EXPANSION = 100
_SMALL_BYTES = 1 << 26


def _h5py():
    try:
        import h5py
    except ImportError as err:  # pragma: no cover - h5py is a dependency
        raise ImportError("Saving and loading weights needs h5py: `pip install h5py`.") from err
    return h5py


class H5Writer:
    """Creates ``<path>/vars`` groups in a writable ``h5py.File``."""

    def __init__(self, h5file):
        self.h5file = h5file

    def make(self, path: str, name: str | None = None) -> _VarsWriter:
        group = self.h5file.create_group(f"{path}/vars" if path else "vars")
        if name is not None:
            group.attrs["name"] = name
        return _VarsWriter(group)


class _VarsWriter:
    def __init__(self, group):
        self.group = group

    def __setitem__(self, key: str, value) -> None:
        from cornu import backend

        self.group[key] = np.asarray(backend.convert_to_numpy(value))

    def keys(self):
        return list(self.group.keys())

    def __len__(self) -> int:
        return len(self.group)


class H5Reader:
    """Finds ``<path>/vars`` groups in a readable ``h5py.File`` (missing ones read empty)."""

    def __init__(self, h5file, where: str = "the weights file"):
        self.h5file = h5file
        self.where = where

    def get(self, path: str) -> VarsReader:
        group = self.h5file
        parts = [p for p in path.split("/") if p] + ["vars"]
        for part in parts:
            group = safe_child(group, part, want_group=True, where=self.where)
            if group is None:
                return VarsReader(None, path, self.where)
        return VarsReader(group, path, self.where)

    def has_path(self, path: str) -> bool:
        group = self.h5file
        for part in [p for p in path.split("/") if p]:
            group = safe_child(group, part, want_group=True, where=self.where)
            if group is None:
                return False
        return True


class VarsReader:
    """The ``vars`` group of one object: ``keys()``, ``shape(key)``, ``store[key]``."""

    def __init__(self, group, path: str, where: str):
        self.group = group
        self.path = path
        self.where = where

    def keys(self) -> list:
        if self.group is None:
            return []
        try:
            return [str(k) for k in self.group.keys()]
        except Exception as err:  # noqa: BLE001 - a damaged group
            raise SavingError(f"{self.where}: cannot list '{self._vars_path()}': {err}") from None

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key) -> bool:
        return str(key) in self.keys()

    def _dataset(self, key: str):
        dataset = None
        if self.group is not None:
            dataset = safe_child(self.group, str(key), want_group=False, where=self.where)
        if dataset is None:
            raise SavingError(f"{self.where}: there is no variable '{key}' in "
                              f"'{self._vars_path()}' (it has {self.keys()}).")
        return dataset

    def shape(self, key: str) -> tuple:
        return tuple(self._dataset(key).shape)

    def __getitem__(self, key: str) -> np.ndarray:
        return read_dataset(self._dataset(key), self.where)

    def _vars_path(self) -> str:
        return f"{self.path}/vars" if self.path else "vars"


def safe_child(group, name: str, want_group: bool, where: str):
    """The hard-linked child ``name`` of ``group`` (None if absent), of the wanted kind."""
    h5py = _h5py()
    try:
        link = group.get(name, getlink=True)
        if link is None:
            return None
        if not isinstance(link, h5py.HardLink):
            raise SavingError(
                f"{where}: '{name}' in '{group.name}' is a {type(link).__name__}; only data "
                "stored inside the file is read. The file was not written by Keras or cornu."
            )
        child = group[name]
    except SavingError:
        raise
    except Exception as err:  # noqa: BLE001 - h5py raises many kinds on damaged files
        raise SavingError(f"{where}: cannot read '{name}' in '{group.name}': {err}. The file "
                          "is damaged or not an HDF5 weights file.") from None
    kind = h5py.Group if want_group else h5py.Dataset
    if not isinstance(child, kind):
        expected = "a group" if want_group else "a dataset"
        raise SavingError(f"{where}: '{child.name}' should be {expected}, found "
                          f"{type(child).__name__}. The file layout is not Keras's.")
    return child


def read_dataset(dataset, where: str) -> np.ndarray:
    """The values of a numeric dataset, refusing external data and decompression bombs."""
    try:
        dtype = dataset.dtype
        is_bf16 = dataset.attrs.get("dtype", None)
        if isinstance(is_bf16, bytes):
            is_bf16 = is_bf16.decode("utf-8", "replace")
        sizes = {"b": (1,), "i": (1, 2, 4, 8), "u": (1, 2, 4, 8), "f": (2, 4, 8)}
        if is_bf16 == "bfloat16":
            sizes = {"V": (2,), "u": (2,), "i": (2,)}
        if dtype.fields is not None or dtype.itemsize not in sizes.get(dtype.kind, ()):
            raise SavingError(f"{where}: '{dataset.name}' holds {dtype}, not numbers a "
                              "variable can take.")
        if dataset.is_virtual or dataset.external:
            raise SavingError(f"{where}: '{dataset.name}' refers to data outside the file.")
        nbytes = int(np.prod(dataset.shape, dtype=np.int64)) * dtype.itemsize
        stored = dataset.id.get_storage_size()
        if nbytes > _SMALL_BYTES and nbytes > _MAX_EXPANSION * max(stored, 1):
            raise SavingError(
                f"{where}: '{dataset.name}' declares {nbytes} bytes but stores {stored}; "
                "refusing to expand a possible decompression bomb."
            )
        value = dataset[()]
    except SavingError:
        raise
    except Exception as err:  # noqa: BLE001 - damaged data, unknown filters, ...
        raise SavingError(f"{where}: cannot read '{dataset.name}': {err}. The file is "
                          "damaged.") from None
    value = np.asarray(value)
    if is_bf16 == "bfloat16":
        bits = np.frombuffer(value.tobytes(), dtype="<u2").reshape(value.shape)
        return (bits.astype(np.uint32) << 16).view(np.float32)
    if not value.dtype.isnative:
        value = value.astype(value.dtype.newbyteorder("="))
    return value


def open_h5(source, mode: str, where: str):
    """``h5py.File`` on a path or file object; damaged files raise ``SavingError``."""
    h5py = _h5py()
    try:
        return h5py.File(source, mode)
    except Exception as err:  # noqa: BLE001
        raise SavingError(f"{where}: not a readable HDF5 file ({err}). The file is damaged, "
                          "truncated, or not a weights file.") from None
