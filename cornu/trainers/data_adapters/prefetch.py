"""A background thread that produces batches ahead of the training step.

The producer runs the user's Python (generator, ``PyDataset.__getitem__``, loader) and the
host-to-device conversion while the main thread trains on the previous batch; the engine
releases Python's global interpreter lock inside its kernels, so both progress together.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

_END = object()
_POLL_S = 0.05


class _Failure:
    """An exception raised by the producer, re-raised in the consumer's thread."""

    def __init__(self, error: BaseException):
        self.error = error


class Prefetcher:
    """Iterates ``transform(item)`` for the items of ``iterator``, computed ahead.

    Args:
        iterator: the raw items; advanced only by the background thread.
        transform: applied to each item on the background thread.
        depth: how many ready items may wait (at least 1).
        limit: stop after this many items (``None``: until the iterator ends), so that a
            shared generator is not read past what the caller will use.

    Example:

    >>> list(Prefetcher(iter(range(5)), lambda v: v * 10, depth=2))
    [0, 10, 20, 30, 40]
    """

    def __init__(self, iterator: Iterator, transform: Callable, depth: int = 2,
                 limit: int | None = None):
        self._iterator = iterator
        self._transform = transform
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, int(depth)))
        self._stop = threading.Event()
        self._limit = limit
        self._done = False
        self._thread = threading.Thread(target=self._produce, name="cornu-prefetch",
                                        daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        count = 0
        try:
            while self._limit is None or count < self._limit:
                if self._stop.is_set():
                    return
                try:
                    item = next(self._iterator)
                except StopIteration:
                    break
                if not self._put(self._transform(item)):
                    return
                count += 1
        except BaseException as error:  # noqa: BLE001  (handed to the consumer)
            self._put(_Failure(error))
            return
        self._put(_END)

    def __iter__(self) -> Prefetcher:
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        while True:
            try:
                item = self._queue.get(timeout=_POLL_S)
                break
            except queue.Empty:
                if not self._thread.is_alive() and self._queue.empty():
                    self._done = True
                    raise StopIteration from None
        if item is _END:
            self._done = True
            raise StopIteration
        if isinstance(item, _Failure):
            self._done = True
            raise item.error
        return item

    def close(self, timeout: float = 60.0) -> None:
        """Stops the producer after its current item and waits (up to ``timeout`` s) for it."""
        self._stop.set()
        self._done = True
        deadline = time.monotonic() + timeout
        while self._thread.is_alive() and time.monotonic() < deadline:
            try:
                while True:
                    self._queue.get_nowait()
            except queue.Empty:
                pass
            self._thread.join(timeout=_POLL_S)
