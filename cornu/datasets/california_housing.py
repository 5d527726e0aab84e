"""The California housing regression data (20,640 block groups, 8 features)."""

from __future__ import annotations

from cornu.datasets._common import ORIGIN, check_test_split, fetch, load_numeric_npz, shuffled_split

_SHA256 = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version: str = "large", path: str = "california_housing.npz",
              test_split: float = 0.2, seed: int = 113):
    """Loads the California housing data, shuffled with ``seed`` and split.

    The features are MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude
    and Longitude; the target is the median house value in dollars.

    Args:
        version: "large" (all 20,640 samples) or "small" (the first 600).
        path: the file's name in the cache.
        test_split: the fraction kept for the test set, in [0, 1).
        seed: the shuffling seed.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: features (N, 8) and targets (N,).

    Example:
        >>> (x_train, y_train), _ = load_data(version="small")  # doctest: +SKIP
        >>> x_train.shape  # doctest: +SKIP
        (480, 8)
    """
    check_test_split(test_split)
    if version not in ("small", "large"):
        raise ValueError(
            f"california_housing.load_data: `version` must be 'small' or 'large', got "
            f"version={version!r}."
        )
    path = fetch(path, ORIGIN + "california_housing.npz", _SHA256)
    x, y = load_numeric_npz(path, ("x", "y"))
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffled_split(x, y, test_split, seed)
