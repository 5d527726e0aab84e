"""Epochs of streamed batches: steps per epoch, prefetching, running out of data."""

from __future__ import annotations

import itertools
import warnings

from cornu import backend
from cornu.trainers.compile_utils import pack_x_y_sample_weight
from cornu.trainers.data_adapters.batch_utils import standardize_batch
from cornu.trainers.data_adapters.prefetch import Prefetcher


class StreamAdapter:
    """Iterating it runs one epoch: ``(step, (x, y, sample_weight))`` with device tensors.

    Without ``steps_per_epoch`` an epoch is one pass over the source. With it, batches flow
    on across epochs (a re-iterable source starts its next pass when one ends), and a
    source that ends early stops training with a warning, as in Keras.

    Args:
        source: a ``GeneratorSource``, ``PyDatasetSource`` or ``LoaderSource``.
        where: the caller, for messages (``"fit"``, ``"evaluate"``, ``"predict"``).
        steps_per_epoch: batches per epoch (``None``: one pass).
        epochs: how many epochs will run; bounds how far a shared generator is read.
        class_weight: dict class index -> weight, applied to each batch.
        prefetch: produce batches on a background thread.
        queue_size: ready batches kept ahead of the step.
    """

    def __init__(self, source, where: str, steps_per_epoch: int | None = None,
                 epochs: int = 1, class_weight=None, prefetch: bool = True,
                 queue_size: int = 10):
        self.source = source
        self.where = where
        self._continuous = steps_per_epoch is not None
        self.steps = int(steps_per_epoch) if self._continuous else source.num_batches
        self._limit = self.steps * max(1, int(epochs)) if self._continuous else None
        self._class_weight = class_weight
        self._prefetch = prefetch
        self._queue_size = max(1, int(queue_size))
        self._convert = backend.data_module().batch_to_device
        self._counter = itertools.count()
        self._producer = None
        self._raw = None
        self._first = None
        self.ran_out = False

    # --- producing ----------------------------------------------------------------------
    def _transform(self, raw):
        index = next(self._counter)
        label = f"{self.where}() data ({self.source.kind})"
        x, y, sample_weight = self._convert(
            standardize_batch(raw, index, label, self._class_weight))
        return pack_x_y_sample_weight(x, y, sample_weight)

    def _one_pass(self):
        # A plain loop, not ``yield from``: closing this generator must never close the
        # user's generator (which may be read again later), only the passes made here.
        it = self.source.new_pass()
        try:
            for raw in it:  # noqa: UP028  (yield from would close the user's generator)
                yield raw
        finally:
            if self.source.reiterable and hasattr(it, "close"):
                it.close()

    def _stream(self):
        if not self.source.reiterable:
            yield from self._one_pass()
            return
        while True:
            produced = False
            for raw in self._one_pass():
                produced = True
                yield raw
            if not produced:
                return

    def _start(self, iterator, limit):
        if self._prefetch:
            return Prefetcher(iterator, self._transform, depth=self._queue_size, limit=limit)
        return map(self._transform, itertools.islice(iterator, limit))

    def _producer_for_epoch(self):
        if self._producer is None:
            if self._continuous:
                self._raw = self._stream()
                self._producer = self._start(self._raw, self._limit)
            else:
                self._raw = self._one_pass()
                self._producer = self._start(self._raw, None)
        return self._producer

    def _release_producer(self) -> None:
        producer, self._producer = self._producer, None
        raw, self._raw = self._raw, None
        if isinstance(producer, Prefetcher):
            producer.close()
        if raw is not None:
            try:
                raw.close()  # stops worker processes of an unfinished pass now, not at GC
            except ValueError:  # still running in a producer that did not stop in time
                pass

    # --- consuming ----------------------------------------------------------------------
    def peek(self):
        """The first batch (kept for the first step), or ``None`` when there is no data."""
        if self._first is None:
            self._first = next(self._producer_for_epoch(), None)
        return self._first

    def __iter__(self):
        producer = self._producer_for_epoch()
        step = 0
        try:
            if self._first is not None:
                first, self._first = self._first, None
                yield 0, first
                step = 1
            while self.steps is None or not self._continuous or step < self.steps:
                batch = next(producer, None)
                if batch is None:
                    break
                yield step, batch
                step += 1
        finally:
            if not self._continuous:
                self._release_producer()
        if self._continuous and step < self.steps or step == 0:
            self.ran_out = True
            self._release_producer()
            stops = "; training stops" if self.where == "fit" else ""
            warnings.warn(
                f"{self.where}(): the input ran out of data after {step} batch(es) of this "
                f"epoch{stops}. Make sure the data ({self.source.kind}) can produce "
                "`steps * epochs` batches, or leave the steps unset so that each epoch is "
                "one pass over the data.",
                stacklevel=3,
            )

    def close(self) -> None:
        """Stops the background thread and the workers."""
        self._release_producer()
        self._first = None
        self.source.close()
