"""The word-index datasets (IMDB, Reuters): safe loading and Keras's index transforms."""

from __future__ import annotations

import json

import numpy as np

from cornu.datasets._common import corrupt
from cornu.datasets._safe_pickle import UnsafePickleError, load_npz


def load_sequences(path: str, keys) -> list:
    """The arrays ``keys`` of a word-index ``.npz``; sequences must be lists of ints."""
    try:
        arrays = load_npz(path)
    except (UnsafePickleError, ValueError, OSError, EOFError) as err:
        raise corrupt(path, f"word-index .npz file ({err})") from err
    missing = [k for k in keys if k not in arrays]
    if missing:
        raise corrupt(path, f".npz file holding {', '.join(keys)} (missing {missing})")
    out = [arrays[k] for k in keys]
    for key, array in zip(keys, out):
        if key.startswith("x") and not all(_is_int_seq(s) for s in array):
            raise corrupt(path, f".npz file whose '{key}' holds lists of integers")
    return out


def _is_int_seq(seq) -> bool:
    if isinstance(seq, np.ndarray):
        return seq.dtype.kind in "iu"
    return isinstance(seq, list) and all(isinstance(w, (int, np.integer)) for w in seq)


def shuffle_pair(rng: np.random.RandomState, x: np.ndarray, y: np.ndarray):
    indices = np.arange(len(x))
    rng.shuffle(indices)
    return x[indices], y[indices]


def shift_indices(seqs, start_char, index_from):
    """Adds ``index_from`` to every word index and prepends ``start_char`` when given."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in s] for s in seqs]
    if index_from:
        return [[w + index_from for w in s] for s in seqs]
    return [list(s) for s in seqs]


def cap_vocabulary(seqs, num_words, skip_top, oov_char):
    """Words outside ``[skip_top, num_words)`` become ``oov_char`` (or are dropped)."""
    if not num_words:
        num_words = max(max(s) for s in seqs if len(s))
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in s] for s in seqs]
    return [[w for w in s if skip_top <= w < num_words] for s in seqs]


def read_word_index(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            index = json.load(f)
    except (ValueError, OSError) as err:
        raise corrupt(path, f"JSON word index ({err})") from err
    if not isinstance(index, dict):
        raise corrupt(path, "JSON word index (expected an object)")
    return index
