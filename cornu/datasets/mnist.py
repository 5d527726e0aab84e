"""The MNIST handwritten digits (60,000 train and 10,000 test 28x28 grayscale images)."""

from __future__ import annotations

from cornu.datasets._common import ORIGIN, fetch, load_numeric_npz

_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path: str = "mnist.npz"):
    """Loads MNIST, downloading ``mnist.npz`` once into ``~/.cornu/datasets``.

    Args:
        path: the file's name in the cache.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes (60000, 28, 28),
        (60000,), (10000, 28, 28) and (10000,); pixels in [0, 255], labels 0-9.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
        >>> x_train.shape  # doctest: +SKIP
        (60000, 28, 28)
    """
    path = fetch(path, ORIGIN + "mnist.npz", _SHA256)
    x_train, y_train, x_test, y_test = load_numeric_npz(
        path, ("x_train", "y_train", "x_test", "y_test"))
    return (x_train, y_train), (x_test, y_test)
