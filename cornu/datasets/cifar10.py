"""CIFAR-10: 50,000 train and 10,000 test 32x32 colour images in 10 classes."""

from __future__ import annotations

import os
import shutil

import numpy as np

from cornu.datasets._common import fetch, reuse_keras2_archive
from cornu.datasets.cifar import finish, read_batches

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data():
    """Loads CIFAR-10, downloading ``cifar-10-python.tar.gz`` once.

    Classes: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse,
    8 ship, 9 truck.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images (50000, 32, 32, 3) and
        (10000, 32, 32, 3) (channels-first with that image data format), and uint8 labels
        (50000, 1) and (10000, 1).

    Example:
        >>> (x_train, y_train), _ = load_data()  # doctest: +SKIP
        >>> x_train.shape, y_train.shape  # doctest: +SKIP
        ((50000, 32, 32, 3), (50000, 1))
    """
    reuse_keras2_archive("cifar-10-batches-py-target_archive", "cifar-10-batches-py.tar.gz",
                         _SHA256)
    path = fetch("cifar-10-batches-py-target", _ORIGIN, _SHA256, extract=True)
    folder = os.path.join(path, "cifar-10-batches-py")
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    try:
        batches = read_batches(folder, names, "labels", path + "_archive")
    except ValueError:
        shutil.rmtree(path, ignore_errors=True)
        raise
    x_train = np.concatenate([b[0] for b in batches[:5]])
    y_train = [v for b in batches[:5] for v in b[1]]
    return finish(x_train, y_train, *batches[5], label_dtype="uint8")
