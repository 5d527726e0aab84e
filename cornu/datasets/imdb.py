"""The IMDB movie-review sentiment data: 25,000 train and 25,000 test reviews as word indices."""

from __future__ import annotations

import numpy as np

from cornu.datasets._common import ORIGIN, drop_long, fetch
from cornu.datasets._sequences import (
    cap_vocabulary,
    load_sequences,
    read_word_index,
    shift_indices,
    shuffle_pair,
)

_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"


def load_data(path: str = "imdb.npz", num_words=None, skip_top: int = 0, maxlen=None,
              seed: int = 113, start_char: int | None = 1, oov_char: int | None = 2,
              index_from: int = 3, **kwargs):
    """Loads IMDB: each review is a list of word indices, ranked by frequency (1 = the most
    frequent word, 0 = padding).

    Args:
        path: the file's name in the cache.
        num_words: keep only the ``num_words`` most frequent words; others become
            ``oov_char``. None keeps all.
        skip_top: also turn the ``skip_top`` most frequent words into ``oov_char``.
        maxlen: drop the reviews that are not shorter than ``maxlen``.
        seed: the shuffling seed.
        start_char: prepended to every review (None: nothing).
        oov_char: the out-of-vocabulary index (None: drop such words).
        index_from: added to every word index.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: object arrays of lists of ints, and int
        label arrays (1 positive, 0 negative).

    Example:
        >>> (x_train, y_train), _ = load_data(num_words=10000)  # doctest: +SKIP
        >>> len(x_train)  # doctest: +SKIP
        25000
    """
    if kwargs:
        raise TypeError(f"imdb.load_data: unexpected keyword argument(s) {sorted(kwargs)}.")
    path = fetch(path, ORIGIN + "imdb.npz", _SHA256)
    x_train, y_train, x_test, y_test = load_sequences(
        path, ("x_train", "y_train", "x_test", "y_test"))
    rng = np.random.RandomState(seed)
    x_train, y_train = shuffle_pair(rng, x_train, y_train)
    x_test, y_test = shuffle_pair(rng, x_test, y_test)
    x_train = shift_indices(x_train, start_char, index_from)
    x_test = shift_indices(x_test, start_char, index_from)
    if maxlen:
        x_train, y_train = drop_long(maxlen, x_train, y_train)
        x_test, y_test = drop_long(maxlen, x_test, y_test)
        if not x_train or not x_test:
            raise ValueError(
                f"imdb.load_data: no review is shorter than maxlen={maxlen}; increase maxlen."
            )
    labels = np.concatenate([np.asarray(y_train), np.asarray(y_test)])
    xs = cap_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    cut = len(x_train)
    return ((np.array(xs[:cut], dtype="object"), labels[:cut]),
            (np.array(xs[cut:], dtype="object"), labels[cut:]))


def get_word_index(path: str = "imdb_word_index.json") -> dict:
    """The dict from word to its rank in IMDB (add ``index_from`` to match ``load_data``).

    Args:
        path: the file's name in the cache.

    Returns:
        ``{"the": 1, "and": 2, ...}``.

    Example:
        >>> index = get_word_index()  # doctest: +SKIP
        >>> index["the"]  # doctest: +SKIP
        1
    """
    path = fetch(path, ORIGIN + "imdb_word_index.json", _INDEX_MD5)
    return read_word_index(path)
