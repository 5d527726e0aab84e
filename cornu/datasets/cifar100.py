"""CIFAR-100: 32x32 colour images in 100 fine classes grouped into 20 coarse ones."""

from __future__ import annotations

import os
import shutil

from cornu.datasets._common import fetch, reuse_keras2_archive
from cornu.datasets.cifar import finish, read_batches

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
_SHA256 = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def load_data(label_mode: str = "fine"):
    """Loads CIFAR-100, downloading ``cifar-100-python.tar.gz`` once.

    Args:
        label_mode: "fine" (100 classes) or "coarse" (20 superclasses).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images (50000, 32, 32, 3) and
        (10000, 32, 32, 3), and int64 labels (50000, 1) and (10000, 1).

    Example:
        >>> _, (x_test, y_test) = load_data(label_mode="coarse")  # doctest: +SKIP
        >>> int(y_test.max())  # doctest: +SKIP
        19
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            f"cifar100.load_data: `label_mode` must be 'fine' or 'coarse', got "
            f"label_mode={label_mode!r}."
        )
    reuse_keras2_archive("cifar-100-python-target_archive", "cifar-100-python.tar.gz",
                         _SHA256)
    path = fetch("cifar-100-python-target", _ORIGIN, _SHA256, extract=True)
    folder = os.path.join(path, "cifar-100-python")
    try:
        (x_train, y_train), (x_test, y_test) = read_batches(
            folder, ["train", "test"], f"{label_mode}_labels", path + "_archive")
    except ValueError:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return finish(x_train, y_train, x_test, y_test)
