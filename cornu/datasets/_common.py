"""What every loader shares: the download location, and checks that say which file is bad."""

from __future__ import annotations

import os

import numpy as np

from cornu.backend.config import cornu_home
from cornu.utils.file_utils import get_file, validate_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def fetch(fname: str, origin: str, file_hash=None, **kwargs) -> str:
    """``get_file`` into ``~/.cornu/datasets`` (reusing ``~/.keras/datasets``)."""
    return get_file(fname=fname, origin=origin, file_hash=file_hash, **kwargs)


def reuse_keras2_archive(archive_name: str, keras2_name: str, file_hash: str) -> None:
    """Copies a good archive that Keras 2 saved as ``~/.keras/datasets/<keras2_name>`` to
    the name Keras 3 and cornu use, so that it is not downloaded again."""
    import shutil

    target = os.path.join(cornu_home(), "datasets", archive_name)
    legacy = os.path.join(os.path.expanduser(os.path.join("~", ".keras")), "datasets",
                          keras2_name)
    if os.path.isfile(target) or not os.path.isfile(legacy):
        return
    if not validate_file(legacy, file_hash):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(legacy, target + ".tmp-copy")
    os.replace(target + ".tmp-copy", target)


def corrupt(path: str, what: str) -> ValueError:
    """Removes a cached file that failed a format check and says how to recover."""
    if os.path.isfile(path):
        os.remove(path)
    return ValueError(
        f"The cached file {path} is not a valid {what}; it was removed. Call the loader "
        "again to download it anew (or put a good copy there)."
    )


def check_test_split(test_split: float) -> None:
    if not 0 <= test_split < 1:
        raise ValueError(
            f"`test_split` must be a float in [0, 1), got test_split={test_split!r}."
        )


def shuffled_split(x: np.ndarray, y: np.ndarray, test_split: float, seed: int):
    """Shuffles with ``RandomState(seed)`` and cuts at ``len * (1 - test_split)`` (as Keras)."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))


def load_numeric_npz(path: str, keys) -> list:
    """The arrays ``keys`` of a numeric ``.npz`` (pickles disabled)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            return [f[k] for k in keys]
    except (ValueError, KeyError, OSError, EOFError) as err:
        raise corrupt(path, f".npz file holding {', '.join(keys)} ({err})") from err


def drop_long(maxlen: int, seqs, labels):
    """Keeps the sequences shorter than ``maxlen`` (strictly, as Keras)."""
    kept = [(s, lab) for s, lab in zip(seqs, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [lab for _, lab in kept]
