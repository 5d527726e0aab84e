"""Fashion-MNIST: 28x28 grayscale images of 10 kinds of clothing (a drop-in for MNIST)."""

from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

from cornu.datasets._common import ORIGIN, corrupt, fetch

_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read_idx(path: str, ndim: int) -> np.ndarray:
    """An IDX file (the MNIST format): magic 0x00000800 + ndim, big-endian dims, uint8 data."""
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError, zlib.error) as err:
        raise corrupt(path, f"gzip file ({err})") from err
    header = 4 + 4 * ndim
    if len(raw) < header or raw[:4] != bytes([0, 0, 8, ndim]):
        raise corrupt(path, f"IDX file with {ndim} dimension(s)")
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    if len(raw) - header != int(np.prod(dims)):
        raise corrupt(path, f"IDX file of shape {tuple(dims)} (wrong size)")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(dims)


def load_data():
    """Loads Fashion-MNIST, downloading its four ``.gz`` files once.

    Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt,
    7 Sneaker, 8 Bag, 9 Ankle boot.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes (60000, 28, 28),
        (60000,), (10000, 28, 28) and (10000,).

    Example:
        >>> (x_train, y_train), _ = load_data()  # doctest: +SKIP
        >>> x_train.shape  # doctest: +SKIP
        (60000, 28, 28)
    """
    subdir = os.path.join("datasets", "fashion-mnist")
    paths = [fetch(name, ORIGIN + name, cache_subdir=subdir) for name in _FILES]
    y_train, x_train = _read_idx(paths[0], 1), _read_idx(paths[1], 3)
    y_test, x_test = _read_idx(paths[2], 1), _read_idx(paths[3], 3)
    return (x_train, y_train), (x_test, y_test)
