"""``timeseries_dataset_from_array``: batches of sliding windows over a series."""

from __future__ import annotations

import numpy as np

from cornu.utils import dataset_utils


def _check(value, name, limit=None, positive=True):
    if positive and value <= 0:
        raise ValueError(f"`{name}` must be > 0, got {name}={value}.")
    if limit is not None and value >= limit:
        raise ValueError(f"`{name}` must be lower than the length of the data ({limit}), got "
                         f"{name}={value}.")


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None, format="tf"):
    """Batches of windows ``data[i : i + sequence_length * sampling_rate : sampling_rate]``
    starting every ``sequence_stride`` steps, with ``targets[i]`` as each window's target.

    Args:
        data: an array (or list) of time steps, first axis = time.
        targets: the target of the window starting at each step, or None.
        sequence_length: the number of time steps per window.
        sequence_stride: steps between the starts of consecutive windows.
        sampling_rate: steps between the samples inside a window.
        batch_size: windows per batch; None for single windows.
        shuffle: shuffle the windows (and again every epoch).
        seed: the shuffling seed.
        start_index: the first step used (inclusive).
        end_index: the last step used (exclusive).
        format: accepted for Keras compatibility; the result is a cornu ``BatchDataset``.

    Returns:
        A ``BatchDataset`` yielding ``(windows, targets)`` or windows alone.

    Example:
        >>> import numpy as np
        >>> ds = timeseries_dataset_from_array(np.arange(10), np.arange(10) * 10, 3,
        ...                                    batch_size=4)
        >>> x, y = ds[0]
        >>> x.tolist(), y.tolist()
        ([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]], [0, 10, 20, 30])
    """
    if format not in ("tf", "grain"):
        raise ValueError(f"`format` must be 'tf' or 'grain', got {format!r}.")
    data = np.asarray(data)
    if targets is not None:
        targets = np.asarray(targets)
    if start_index:
        _check(start_index, "start_index", len(data), positive=False)
        if start_index < 0:
            raise ValueError(f"`start_index` must be >= 0, got {start_index}.")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(f"`end_index` must be higher than `start_index`, got "
                             f"start_index={start_index}, end_index={end_index}.")
        _check(end_index, "end_index", len(data))
    _check(sampling_rate, "sampling_rate", len(data))
    _check(sequence_stride, "sequence_stride", len(data))
    start = start_index or 0
    end = end_index if end_index is not None else len(data)
    num_seqs = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    starts = np.arange(0, max(num_seqs, 0), sequence_stride)
    rng_seed = np.random.randint(1e6) if (shuffle and seed is None) else seed
    if shuffle:
        np.random.RandomState(rng_seed).shuffle(starts)
    window = np.arange(sequence_length) * sampling_rate
    series = data[start:end]
    target_slice = targets[start:end] if targets is not None else None

    def load(indices):
        positions = starts[np.asarray(indices, dtype="int64")]
        x = series[positions[:, None] + window[None, :]]
        return x if target_slice is None else (x, target_slice[positions])

    return dataset_utils.BatchDataset(len(starts), load, batch_size, shuffle=shuffle,
                                      seed=rng_seed)
