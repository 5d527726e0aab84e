"""What ``fit``/``evaluate``/``predict`` accept, and how each kind of data is fed.

In-memory data (NumPy arrays, engine tensors, pandas objects, lists/dicts of them) takes
the fast path of ``cornu.trainers.array_data``: it goes to the device once and each step
slices it. Streamed data (Python generators, ``PyDataset``/``Sequence``, engine data
loaders) is produced batch by batch on a background thread (``StreamAdapter``).
"""

from __future__ import annotations

import collections.abc

import numpy as np

from cornu import backend
from cornu.trainers import array_data
from cornu.trainers.data_adapters.batch_utils import (
    class_weight_to_sample_weight as class_weight_to_sample_weight,
)
from cornu.trainers.data_adapters.py_dataset import PyDataset as PyDataset
from cornu.trainers.data_adapters.py_dataset import Sequence as Sequence
from cornu.trainers.data_adapters.sources import GeneratorSource, LoaderSource, PyDatasetSource
from cornu.trainers.data_adapters.stream_adapter import StreamAdapter as StreamAdapter


class ArrayAdapter(array_data.ArrayBatches):
    """In-memory batches (the fast path) with the adapter interface the loops use."""

    ran_out = False

    def close(self) -> None:
        """Nothing runs in the background for in-memory data."""


def _looks_like_sequence(x) -> bool:
    # A Keras 2 ``Sequence`` or a real Keras ``PyDataset``: batches by index.
    cls = type(x)
    return (hasattr(cls, "__getitem__") and (hasattr(cls, "__len__") or hasattr(
        cls, "num_batches")) and hasattr(x, "on_epoch_end") and not hasattr(x, "to_numpy"))


def is_stream(x) -> bool:
    """True for data produced batch by batch: a generator/iterator, a ``PyDataset`` or
    ``Sequence``, or an engine data loader.

    Example:

    >>> import numpy as np
    >>> is_stream(np.zeros((4, 2))), is_stream(iter([np.zeros((4, 2))]))
    (False, True)
    """
    if x is None or isinstance(x, (np.ndarray, list, tuple, dict, str, bytes)):
        return False
    if backend.is_tensor(x):
        return False
    if isinstance(x, PyDataset) or _looks_like_sequence(x):
        return True
    if backend.data_module().is_data_loader(x):
        return True
    return isinstance(x, collections.abc.Iterator)


def check_supported(x, where: str) -> None:
    """Raises a clear error for data kinds that cornu cannot take directly."""
    module = type(x).__module__ or ""
    if module.startswith("tensorflow"):
        raise ValueError(
            f"{where}(): got a TensorFlow object ({type(x).__name__}); cornu does not use "
            "TensorFlow. Pass NumPy arrays, a Python generator, a cornu.utils.PyDataset or "
            "a torch DataLoader (e.g. iterate the tf.data.Dataset with `.as_numpy_iterator()`)."
        )
    if backend.data_module().is_engine_dataset(x) and not backend.data_module(
    ).is_data_loader(x):
        raise ValueError(
            f"{where}(): got a {type(x).__name__}, a data set of single samples; wrap it in a "
            "torch.utils.data.DataLoader(dataset, batch_size=...) to pass batches."
        )


def stream_adapter(x, where: str, steps: int | None = None, epochs: int = 1,
                   shuffle=False, class_weight=None, workers: int | None = None,
                   use_multiprocessing: bool | None = None,
                   max_queue_size: int | None = None) -> StreamAdapter:
    """The ``StreamAdapter`` over a generator, ``PyDataset``/``Sequence`` or data loader.

    Args:
        x: the data (``is_stream(x)`` is true).
        where: ``"fit"``, ``"evaluate"`` or ``"predict"`` (for messages).
        steps: batches per epoch; ``None`` for one pass per epoch.
        epochs: epochs that will run (bounds how far a shared generator is read ahead).
        shuffle: shuffle the order of a ``PyDataset``'s batches each pass.
        class_weight: dict class index -> loss weight.
        workers, use_multiprocessing, max_queue_size: Keras 2's ``fit`` arguments; when
            given they override a ``PyDataset``'s own settings. ``workers=0`` loads on the
            training thread.
    """
    if isinstance(x, PyDataset) or _looks_like_sequence(x):
        source = PyDatasetSource(x, shuffle, workers, use_multiprocessing, max_queue_size)
        prefetch, queue_size = source.in_background, source.max_queue_size
    elif backend.data_module().is_data_loader(x):
        source, prefetch, queue_size = LoaderSource(x), True, max_queue_size or 2
    else:
        source = GeneratorSource(x)
        prefetch, queue_size = workers != 0, max_queue_size or 10
    if steps is not None and (isinstance(steps, bool) or int(steps) <= 0):
        raise ValueError(f"{where}(): `steps` must be a positive integer, got {steps!r}.")
    return StreamAdapter(source, where, steps, epochs, class_weight, prefetch, queue_size)


def array_adapter(x, y=None, sample_weight=None, batch_size=32, shuffle=False,
                  steps=None) -> ArrayAdapter:
    """Batches of in-memory data already on the device (see ``array_data``)."""
    return ArrayAdapter(x, y, sample_weight, batch_size, shuffle, steps)
