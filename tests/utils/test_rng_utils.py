"""set_random_seed seeds Python, NumPy and the engine."""

import random

import numpy as np
import pytest

from cornu import backend
from cornu.utils.rng_utils import get_random_seed, set_random_seed


def draws():
    return (
        random.random(),
        np.random.rand(),
        backend.convert_to_numpy(backend.random.normal((4,))).tolist(),
    )


def test_same_seed_same_draws():
    set_random_seed(123)
    first = draws()
    set_random_seed(123)
    assert draws() == first
    set_random_seed(124)
    assert draws() != first


def test_remembers_the_seed():
    set_random_seed(99)
    assert get_random_seed() == 99


def test_accepts_numpy_integers():
    set_random_seed(np.int64(5))
    assert get_random_seed() == 5


@pytest.mark.parametrize("bad", [1.5, "3", None, True, -1])
def test_rejects_non_integers(bad):
    with pytest.raises(ValueError, match="seed"):
        set_random_seed(bad)
