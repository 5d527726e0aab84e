"""The Reuters newswire topics data: 11,228 newswires as word indices, in 46 topics."""

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

_SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
_INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921"
_LABELS = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)


def load_data(path: str = "reuters.npz", num_words=None, skip_top: int = 0, maxlen=None,
              test_split: float = 0.2, seed: int = 113, start_char: int | None = 1,
              oov_char: int | None = 2, index_from: int = 3):
    """Loads Reuters: each newswire is a list of word indices ranked by frequency.

    Args:
        path: the file's name in the cache.
        num_words: keep only the ``num_words`` most frequent words (others: ``oov_char``).
        skip_top: also turn the ``skip_top`` most frequent words into ``oov_char``.
        maxlen: drop the newswires that are not shorter than ``maxlen``.
        test_split: the fraction kept for the test set.
        seed: the shuffling seed.
        start_char: prepended to every sequence (None: nothing).
        oov_char: the out-of-vocabulary index (None: drop such words).
        index_from: added to every word index.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: object arrays of lists of ints, and topic
        labels (0-45; names from ``get_label_names()``).

    Example:
        >>> (x_train, y_train), _ = load_data(num_words=10000)  # doctest: +SKIP
        >>> len(x_train)  # doctest: +SKIP
        8982
    """
    path = fetch(path, ORIGIN + "reuters.npz", _SHA256)
    xs, labels = load_sequences(path, ("x", "y"))
    xs, labels = shuffle_pair(np.random.RandomState(seed), xs, labels)
    xs = shift_indices(xs, start_char, index_from)
    if maxlen:
        xs, labels = drop_long(maxlen, xs, labels)
    xs = cap_vocabulary(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:cut], dtype="object"), np.array(labels[:cut])),
            (np.array(xs[cut:], dtype="object"), np.array(labels[cut:])))


def get_word_index(path: str = "reuters_word_index.json") -> dict:
    """The dict from word to its rank in Reuters (add ``index_from`` to match ``load_data``).

    Args:
        path: the file's name in the cache.

    Returns:
        ``{"the": 1, ...}``.

    Example:
        >>> get_word_index()["the"]  # doctest: +SKIP
        1
    """
    path = fetch(path, ORIGIN + "reuters_word_index.json", _INDEX_MD5)
    return read_word_index(path)


def get_label_names() -> tuple:
    """The 46 topic names, in label order.

    Returns:
        A tuple of strings; ``get_label_names()[3]`` is the name of label 3.

    Example:
        >>> get_label_names()[:3]
        ('cocoa', 'grain', 'veg-oil')
    """
    return _LABELS
