"""Loading several ``PyDataset`` batches at once, in threads or in worker processes."""

from __future__ import annotations

import collections
import multiprocessing
import sys
from collections.abc import Iterable, Iterator

_WORKER_DATASET = None


def _init_worker(dataset) -> None:
    global _WORKER_DATASET
    _WORKER_DATASET = dataset
    from cornu import backend

    backend.data_module().init_worker_process()


def _load(index: int):
    return _WORKER_DATASET[index]


def _process_context():
    # Forking shares the data set with the workers without pickling it (as Keras and torch's
    # DataLoader do on Linux); elsewhere the data set must be picklable.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class OrderedLoader:
    """Yields ``dataset[i]`` for the given indices in order, loading ahead in parallel.

    Threads are started once and kept; worker processes are started for each pass, so that
    what ``on_epoch_end`` changed in the data set is what the next pass's workers see.

    Args:
        dataset: anything indexable (a ``PyDataset``).
        workers: parallel loads (at least 1).
        use_multiprocessing: processes instead of threads.
        max_queue_size: loads in flight ahead of the consumer (at least ``workers``).

    Example:

    >>> loader = OrderedLoader([10, 11, 12, 13], workers=2)
    >>> list(loader.map([3, 0, 2]))
    [13, 10, 12]
    >>> loader.close()
    """

    def __init__(self, dataset, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10):
        self.dataset = dataset
        self.workers = max(1, int(workers))
        self.use_multiprocessing = bool(use_multiprocessing)
        self.window = max(self.workers, int(max_queue_size or 1))
        self._threads = None
        if not self.use_multiprocessing:
            from concurrent.futures import ThreadPoolExecutor  # 10+ ms: only when used

            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="cornu-loader")

    def map(self, indices: Iterable[int]) -> Iterator:
        """The loaded batches of ``indices``, in order."""
        if self._threads is not None:
            yield from self._map_threads(indices)
        else:
            yield from self._map_processes(indices)

    def _map_threads(self, indices):
        pending: collections.deque = collections.deque()
        try:
            for index in indices:
                pending.append(self._threads.submit(self.dataset.__getitem__, index))
                if len(pending) >= self.window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def _map_processes(self, indices):
        pool = _process_context().Pool(self.workers, initializer=_init_worker,
                                       initargs=(self.dataset,))
        pending: collections.deque = collections.deque()
        finished = False
        try:
            for index in indices:
                pending.append(pool.apply_async(_load, (index,)))
                if len(pending) >= self.window:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
            finished = True
        finally:
            if finished:
                pool.close()
            else:
                pool.terminate()
            pool.join()

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)
            self._threads = None
