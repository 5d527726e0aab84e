"""Sequence utilities of Keras 2's ``keras.preprocessing.sequence``, on NumPy.

``pad_sequences`` (also ``cornu.utils.pad_sequences``), ``TimeseriesGenerator``,
``skipgrams`` and ``make_sampling_table``. Random choices use Python's ``random`` module in
the same order as Keras, so a seeded run gives Keras's output.
"""

from __future__ import annotations

import json
import random

import numpy as np

from cornu.trainers.data_adapters.py_dataset import PyDataset


def pad_sequences(sequences, maxlen: int | None = None, dtype="int32", padding: str = "pre",
                  truncating: str = "pre", value=0.0) -> np.ndarray:
    """Pads (or truncates) sequences to one length: a ``(num_samples, maxlen)`` array.

    Args:
        sequences: a list of sequences (lists or arrays; items may themselves be arrays,
            which then keep their shape).
        maxlen: the output length; by default the longest sequence's.
        dtype: the output dtype (``object`` or a string dtype for text items).
        padding: ``"pre"`` or ``"post"``: where padding goes.
        truncating: ``"pre"`` or ``"post"``: which end of a long sequence is cut.
        value: the padding value.

    Returns:
        A NumPy array ``(len(sequences), maxlen) + item_shape``.

    Example:

    >>> pad_sequences([[1], [2, 3], [4, 5, 6]])
    array([[0, 0, 1],
           [0, 2, 3],
           [4, 5, 6]], dtype=int32)
    >>> pad_sequences([[1], [2, 3], [4, 5, 6]], maxlen=2, padding="post", truncating="post")
    array([[1, 0],
           [2, 3],
           [4, 5]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            f"pad_sequences: `sequences` must be a list of sequences, got "
            f"{type(sequences).__name__}."
        )
    for name, option in (("padding", padding), ("truncating", truncating)):
        if option not in ("pre", "post"):
            raise ValueError(f"pad_sequences: `{name}` must be 'pre' or 'post', got {option!r}.")
    lengths, item_shape = [], None
    for index, seq in enumerate(sequences):
        if not hasattr(seq, "__len__"):
            raise ValueError(
                f"pad_sequences: `sequences` must be a list of sequences; item {index} is a "
                f"{type(seq).__name__} ({seq!r:.50})."
            )
        lengths.append(len(seq))
        if item_shape is None and len(seq):
            item_shape = np.asarray(seq).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    text_dtype = dtype is object or np.issubdtype(np.dtype(dtype), np.str_) or np.issubdtype(
        np.dtype(dtype), np.bytes_)
    if isinstance(value, str) and not text_dtype:
        raise ValueError(
            f"pad_sequences: `value` is a string ({value!r}) but `dtype` is {dtype}; pass "
            "`dtype=object` (or a string dtype) to pad sequences of strings."
        )
    out = np.full((len(sequences), maxlen) + tuple(item_shape), value, dtype=dtype)
    if maxlen == 0:
        return out
    for index, seq in enumerate(sequences):
        if not len(seq):
            continue
        kept = np.asarray(seq[-maxlen:] if truncating == "pre" else seq[:maxlen], dtype=dtype)
        if kept.shape[1:] != tuple(item_shape):
            raise ValueError(
                f"pad_sequences: item {index} has elements of shape {kept.shape[1:]}, "
                f"expected {tuple(item_shape)} like the first non-empty sequence."
            )
        if padding == "post":
            out[index, :len(kept)] = kept
        else:
            out[index, maxlen - len(kept):] = kept
    return out


def make_sampling_table(size: int, sampling_factor: float = 1e-5) -> np.ndarray:
    """Probabilities of keeping each word rank in ``skipgrams`` (Zipf's law estimate).

    Entry ``i`` is the probability of sampling the ``i``-th most common word; frequent
    words are sub-sampled as in word2vec.

    Example:

    >>> make_sampling_table(5).round(4)
    array([0.0032, 0.0032, 0.0055, 0.0074, 0.0091])
    """
    euler_gamma = 0.577
    rank = np.arange(size)
    rank[0] = 1
    inverse_frequency = rank * (np.log(rank) + euler_gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inverse_frequency
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence, vocabulary_size: int, window_size: int = 4,
              negative_samples: float = 1.0, shuffle: bool = True, categorical: bool = False,
              sampling_table=None, seed=None):
    """Skip-gram word pairs ``(word, context)`` with labels 1, plus random negative pairs (0).

    Index 0 is padding and never forms a pair.

    Args:
        sequence: a list of word indices.
        vocabulary_size: one more than the largest index (negatives are drawn in
            ``[1, vocabulary_size - 1]``).
        window_size: how far a context word may be.
        negative_samples: negatives per positive pair (0 for none).
        shuffle: shuffle the pairs (with ``seed``).
        categorical: labels as ``[0, 1]`` / ``[1, 0]`` instead of 1 / 0.
        sampling_table: ``make_sampling_table(vocabulary_size)`` to sub-sample frequent words.
        seed: seed of the shuffle.

    Returns:
        ``(couples, labels)``: lists of ``[word, context]`` pairs and of labels.

    Example:

    >>> couples, labels = skipgrams([1, 2, 3], 4, window_size=1, negative_samples=0,
    ...                             shuffle=False)
    >>> couples, labels
    ([[1, 2], [2, 1], [2, 3], [3, 2]], [1, 1, 1, 1])
    """
    couples, labels = [], []
    positive, negative = ([0, 1], [1, 0]) if categorical else (1, 0)
    for i, word in enumerate(sequence):
        if not word:
            continue
        if sampling_table is not None and sampling_table[word] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j == i or not sequence[j]:
                continue
            couples.append([word, sequence[j]])
            labels.append(positive)
    if negative_samples > 0:
        count = int(len(labels) * negative_samples)
        words = [pair[0] for pair in couples]
        random.shuffle(words)
        couples += [[words[k % len(words)], random.randint(1, vocabulary_size - 1)]
                    for k in range(count)]
        labels += [negative] * count
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10**7)
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels


class TimeseriesGenerator(PyDataset):
    """Batches of windows over a time series, for ``fit`` (a ``PyDataset``).

    Sample ``k`` is ``data[row - length:row:sampling_rate]`` with target ``targets[row]``,
    for rows ``start_index + length, ... end_index`` taken every ``stride`` steps.

    Args:
        data: the series (indexable along time: array or list).
        targets: one target per time step (same length as ``data``).
        length: window length, in time steps.
        sampling_rate: period between kept steps inside a window.
        stride: period between successive windows.
        start_index, end_index: the time range used (``end_index`` included).
        shuffle: draw windows at random (NumPy's global generator) instead of in order.
        reverse: windows in reverse time order.
        batch_size: windows per batch.
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size``.

    Example:

    >>> import numpy as np
    >>> series = np.arange(10)
    >>> gen = TimeseriesGenerator(series, series, length=3, batch_size=2)
    >>> len(gen)
    4
    >>> x, y = gen[0]
    >>> x.tolist(), y.tolist()
    ([[0, 1, 2], [1, 2, 3]], [3, 4])
    """

    def __init__(self, data, targets, length: int, sampling_rate: int = 1, stride: int = 1,
                 start_index: int = 0, end_index: int | None = None, shuffle: bool = False,
                 reverse: bool = False, batch_size: int = 128, **kwargs):
        super().__init__(**kwargs)
        if len(data) != len(targets):
            raise ValueError(
                f"TimeseriesGenerator: `data` and `targets` must have the same length, got "
                f"{len(data)} and {len(targets)}."
            )
        self.data, self.targets = data, targets
        self.length, self.sampling_rate, self.stride = length, sampling_rate, stride
        self.start_index = start_index + length
        self.end_index = len(data) - 1 if end_index is None else end_index
        self.shuffle, self.reverse, self.batch_size = shuffle, reverse, batch_size
        if self.start_index > self.end_index:
            raise ValueError(
                f"TimeseriesGenerator: start_index + length = {self.start_index} is after "
                f"end_index = {self.end_index}: no window fits. Use a shorter `length` or a "
                "longer series."
            )

    def __len__(self) -> int:
        span = self.batch_size * self.stride
        return (self.end_index - self.start_index + span) // span

    def __getitem__(self, index: int):
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1, size=self.batch_size)
        else:
            first = self.start_index + self.batch_size * self.stride * index
            rows = np.arange(first, min(first + self.batch_size * self.stride,
                                        self.end_index + 1), self.stride)
        samples = np.array([self.data[row - self.length:row:self.sampling_rate]
                            for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            return samples[:, ::-1, ...], targets
        return samples, targets

    def get_config(self) -> dict:
        """The generator's arguments (data and targets as JSON strings)."""

        def as_json(values, name):
            if isinstance(values, np.ndarray):
                values = values.tolist()
            try:
                return json.dumps(values)
            except TypeError as error:
                raise TypeError(
                    f"TimeseriesGenerator.get_config: `{name}` is not JSON serializable."
                ) from error

        return {
            "data": as_json(self.data, "data"),
            "targets": as_json(self.targets, "targets"),
            "length": self.length,
            "sampling_rate": self.sampling_rate,
            "stride": self.stride,
            "start_index": self.start_index,
            "end_index": self.end_index,
            "shuffle": self.shuffle,
            "reverse": self.reverse,
            "batch_size": self.batch_size,
        }

    def to_json(self, **kwargs) -> str:
        """``{"class_name": "TimeseriesGenerator", "config": ...}`` as a JSON string."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)
