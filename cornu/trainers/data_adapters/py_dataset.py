"""``PyDataset`` (Keras 3) and its legacy name ``Sequence`` (Keras 2): batches by index."""

from __future__ import annotations

import itertools


class PyDataset:
    """Base class for a data set that returns whole batches by index, in Python.

    Subclasses implement ``__len__`` (the number of batches; or the ``num_batches``
    property, ``None`` for an endless data set) and ``__getitem__(index)`` (one batch:
    ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``). ``on_epoch_begin`` and
    ``on_epoch_end`` run around each pass, e.g. to reshuffle the samples.

    ``fit``/``evaluate``/``predict`` load batches ahead of the training step on a background
    thread; with ``workers > 1`` several batches are loaded at the same time (threads, or
    processes with ``use_multiprocessing=True``, which need the data set to be picklable
    on platforms that cannot fork). Iterating the data set by hand uses no parallelism.

    Args:
        workers: how many batches are loaded at the same time.
        use_multiprocessing: load batches in worker processes instead of threads (for work
            that holds Python's global interpreter lock).
        max_queue_size: how many batches may wait ready ahead of the training step.

    Example:

    >>> import numpy as np
    >>> class Squares(PyDataset):
    ...     def __init__(self, n, batch_size, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.x = np.arange(n, dtype="float32").reshape(-1, 1)
    ...         self.batch_size = batch_size
    ...     def __len__(self):
    ...         return -(-len(self.x) // self.batch_size)
    ...     def __getitem__(self, index):
    ...         batch = self.x[index * self.batch_size:(index + 1) * self.batch_size]
    ...         return batch, batch ** 2
    >>> data = Squares(10, batch_size=4, workers=2)
    >>> len(data), data.workers
    (3, 2)
    >>> [x.shape[0] for x, _ in data]
    [4, 4, 2]
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    # Keras 2 ``Sequence`` subclasses often skip ``super().__init__()``: use the defaults.
    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int):
        """Returns batch number ``index``."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__(self, index)` returning one "
            "batch: x, (x, y) or (x, y, sample_weight)."
        )

    @property
    def num_batches(self) -> int | None:
        """The number of batches in one pass, or ``None`` for an endless data set."""
        if hasattr(type(self), "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__len__` (batches per pass) or the "
            "`num_batches` property (None for an endless data set)."
        )

    def __iter__(self):
        n = self.num_batches
        for index in (range(n) if n is not None else itertools.count()):
            yield self[index]

    def on_epoch_begin(self) -> None:
        """Called before each pass over the data."""

    def on_epoch_end(self) -> None:
        """Called after each pass over the data."""


Sequence = PyDataset
