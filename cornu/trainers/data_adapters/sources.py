"""Where streamed batches come from: a generator, a ``PyDataset`` or an engine loader.

A source hands out passes (iterators of raw batches). Re-iterable sources start a fresh
pass each time; a generator is one stream that ends once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from cornu.trainers.data_adapters.worker_pool import OrderedLoader


class GeneratorSource:
    """A Python generator or iterator, read by one thread (generators are not thread-safe)."""

    reiterable = False
    kind = "generator"

    def __init__(self, generator: Iterator):
        self.generator = generator
        self.num_batches = None

    def new_pass(self) -> Iterator:
        return self.generator

    def close(self) -> None:
        """The generator stays open: the caller may go on reading it."""


def dataset_num_batches(dataset) -> int | None:
    """``num_batches`` of a ``PyDataset`` (``len()`` for a Keras 2 ``Sequence``)."""
    try:
        n = dataset.num_batches
    except AttributeError:
        n = len(dataset)
    return None if n is None else int(n)


class PyDatasetSource:
    """A ``PyDataset`` (or Keras 2 ``Sequence``): batches by index, loaded by workers.

    Args:
        dataset: the data set.
        shuffle: visit the batches in a new random order each pass (``fit``'s default).
        workers, use_multiprocessing, max_queue_size: override the data set's own settings
            when not ``None`` (Keras 2 passed them to ``fit``).
    """

    reiterable = True
    kind = "PyDataset"

    def __init__(self, dataset, shuffle: bool = False, workers: int | None = None,
                 use_multiprocessing: bool | None = None, max_queue_size: int | None = None):
        self.dataset = dataset
        self.shuffle = bool(shuffle) and shuffle != "batch"
        self.workers = _setting(workers, dataset, "workers", 1)
        self.use_multiprocessing = _setting(use_multiprocessing, dataset,
                                            "use_multiprocessing", False)
        self.max_queue_size = _setting(max_queue_size, dataset, "max_queue_size", 10)
        self.num_batches = dataset_num_batches(dataset)
        parallel = self.workers > 1 or (self.workers > 0 and self.use_multiprocessing)
        self._loader = OrderedLoader(dataset, self.workers, self.use_multiprocessing,
                                     self.max_queue_size) if parallel else None

    @property
    def in_background(self) -> bool:
        """``workers=0`` (Keras 2) loads on the training thread itself."""
        return self.workers > 0

    def _indices(self):
        if self.num_batches is None:
            index = 0
            while True:
                yield index
                index += 1
        order = list(range(self.num_batches))
        if self.shuffle:
            random.shuffle(order)
        yield from order

    def new_pass(self) -> Iterator:
        _call_hook(self.dataset, "on_epoch_begin")
        if self._loader is not None:
            yield from self._loader.map(self._indices())
        else:
            for index in self._indices():
                yield self.dataset[index]
        _call_hook(self.dataset, "on_epoch_end")

    def close(self) -> None:
        if self._loader is not None:
            self._loader.close()


class LoaderSource:
    """An engine data loader (``torch.utils.data.DataLoader``): it batches and shuffles."""

    reiterable = True
    kind = "DataLoader"

    def __init__(self, loader):
        self.loader = loader
        try:
            self.num_batches = len(loader)
        except TypeError:  # an iterable-style data set has no length
            self.num_batches = None

    def new_pass(self) -> Iterator:
        return iter(self.loader)

    def close(self) -> None:
        """The loader shuts its workers down when its iterator is released."""


def _setting(override, dataset, name: str, default):
    if override is not None:
        return override
    value = getattr(dataset, name, default)
    return default if value is None else value


def _call_hook(dataset, name: str) -> None:
    hook = getattr(dataset, name, None)
    if callable(hook):
        hook()
