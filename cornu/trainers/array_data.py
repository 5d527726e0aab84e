"""In-memory data for fit/evaluate/predict: arrays go to the device once, batches are views.

Accepts NumPy arrays, engine tensors, pandas objects, and lists/tuples/dicts of them.
"""

from __future__ import annotations

import math

import numpy as np

from cornu import backend
from cornu.trainers.compile_utils import pack_x_y_sample_weight
from cornu.utils import tree


def _to_array(x, name):
    if x is None:
        return None
    if backend.is_tensor(x):
        return x
    if hasattr(x, "to_numpy"):  # pandas DataFrame / Series
        x = x.to_numpy()
        if isinstance(x, np.ndarray) and not x.flags.writeable:  # pandas copy-on-write views
            x = x.copy()
    if isinstance(x, (list, float, int)) and not isinstance(x, bool):
        x = np.asarray(x)
    if not isinstance(x, np.ndarray):
        if hasattr(x, "__array__"):
            x = np.asarray(x)
        else:
            raise ValueError(
                f"`{name}`: expected a NumPy array, a tensor, a pandas object, or a list/dict "
                f"of them (or, for `x`, a generator, a PyDataset or a torch DataLoader); got "
                f"{type(x).__name__}."
            )
    if x.dtype == object:
        raise ValueError(
            f"`{name}`: got an array of Python objects (dtype=object); pass numbers, e.g. "
            "pad ragged sequences with `cornu.utils.pad_sequences` first."
        )
    return x


def standardize_structure(x, name):
    """Lists of arrays stay lists; a list of numbers becomes one array."""
    if isinstance(x, (list, tuple)) and x and all(
            isinstance(e, (int, float, np.number)) for e in x):
        return _to_array(x, name)
    if isinstance(x, dict):
        return {k: _to_array(v, f"{name}[{k!r}]") for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_to_array(e, f"{name}[{i}]") for i, e in enumerate(x)]
    return _to_array(x, name)


def num_samples(structure, names=("x",)) -> int:
    """The common first dimension; raises a clear error when the lengths disagree."""
    sizes = {}
    for name, part in zip(names, structure):
        if part is None:
            continue
        for i, leaf in enumerate(tree.flatten(part)):
            sizes[f"{name}[{i}]" if tree.is_nested(part) else name] = int(leaf.shape[0])
    if not sizes:
        raise ValueError("No data given: pass `x` (and `y` to train or evaluate).")
    if len(set(sizes.values())) > 1:
        detail = ", ".join(f"{k}: {v}" for k, v in sizes.items())
        raise ValueError(
            f"Data cardinality is ambiguous: every array must have the same number of samples "
            f"(first dimension), got {detail}. Make sure x and y describe the same samples."
        )
    return next(iter(sizes.values()))


def to_device(structure):
    """Converts every array leaf to an engine tensor on the default device (floats -> floatx)."""

    def convert(a):
        if a is None:
            return None
        if backend.is_tensor(a):
            return a
        if a.dtype == np.float64:
            return backend.convert_to_tensor(a, dtype=backend.floatx())
        return backend.convert_to_tensor(a)

    return tree.map_structure(convert, structure) if structure is not None else None


def take(structure, index):
    """Rows ``index`` (a slice or an index tensor) of every leaf."""
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: take(v, index) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(take(v, index) for v in structure)
    return structure[index]


def split_validation(arrays, validation_split: float):
    """The last ``validation_split`` fraction of the samples, before shuffling, as Keras."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"fit(validation_split=...): expected a float between 0 and 1, got "
            f"{validation_split!r}."
        )
    n = num_samples(arrays)
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"fit(validation_split={validation_split}): with {n} samples this leaves an empty "
            "training or validation set."
        )
    train = tuple(take(a, slice(0, split_at)) for a in arrays)
    val = tuple(take(a, slice(split_at, n)) for a in arrays)
    return train, val


class ArrayBatches:
    """Iterates over batches of in-memory data, shuffling per epoch when asked.

    The leaves are flattened once; each step slices views of the (shuffled) tensors.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False,
                 steps=None):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.n = num_samples((x, y, sample_weight), ("x", "y", "sample_weight"))
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.steps = math.ceil(self.n / self.batch_size) if steps is None else int(steps)
        self._structure = (x, y, sample_weight)
        self._leaves = [leaf for leaf in tree.flatten(self._structure) if leaf is not None]
        self._simple = all(not tree.is_nested(p) for p in self._structure)
        self._none_positions = [leaf is None for leaf in tree.flatten(self._structure)]

    def _pack(self, leaves):
        """The batch as Keras hands it to ``train_step``: ``(x, y)``, ``(x, y, sw)``, ``x``."""
        it = iter(leaves)
        if self._simple:
            return pack_x_y_sample_weight(
                *(None if p is None else next(it) for p in self._structure))
        full = [None if is_none else next(it) for is_none in self._none_positions]
        return pack_x_y_sample_weight(*tree.pack_sequence_as(self._structure, full))

    def __iter__(self):
        leaves = self._leaves
        if self.shuffle and self.shuffle != "batch":
            perm = backend.random.shuffle(backend.numpy.arange(self.n, dtype="int64"))
            leaves = [leaf[perm] for leaf in leaves]
        bs, n = self.batch_size, self.n
        step, start = 0, 0
        pack = self._pack
        while step < self.steps:
            if start >= n:
                start = 0
            end = min(start + bs, n)
            yield step, pack([leaf[start:end] for leaf in leaves])
            start = end
            step += 1

