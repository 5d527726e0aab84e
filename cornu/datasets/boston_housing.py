"""The Boston housing prices regression data (506 samples, 13 features)."""

from __future__ import annotations

from cornu.datasets._common import ORIGIN, check_test_split, fetch, load_numeric_npz, shuffled_split

_SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path: str = "boston_housing.npz", test_split: float = 0.2, seed: int = 113):
    """Loads the Boston housing data, shuffled with ``seed`` and split.

    Args:
        path: the file's name in the cache.
        test_split: the fraction kept for the test set, in [0, 1).
        seed: the shuffling seed.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float64 features (N, 13) and the median
        values in k$ (N,).

    Example:
        >>> (x_train, y_train), _ = load_data()  # doctest: +SKIP
        >>> x_train.shape  # doctest: +SKIP
        (404, 13)
    """
    check_test_split(test_split)
    path = fetch(path, ORIGIN + "boston_housing.npz", _SHA256)
    x, y = load_numeric_npz(path, ("x", "y"))
    return shuffled_split(x, y, test_split, seed)
