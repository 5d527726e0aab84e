"""Batched data sets that ``fit`` accepts, built from files or arrays; ``split_dataset``.

``image_dataset_from_directory`` and friends return a ``BatchDataset`` (a ``PyDataset``):
``len(ds)`` batches, ``ds[i]`` is a batch of NumPy arrays, iteration yields batches, and
``ds.map(fn)`` transforms every batch (as ``tf.data``'s ``map``).
"""

from __future__ import annotations

import math
import os

import numpy as np

from cornu.trainers.data_adapters.py_dataset import PyDataset
from cornu.utils import tree


class BatchDataset(PyDataset):
    """Batches of ``num_samples`` samples read by ``load(indices)``, reshuffled every epoch.

    Args:
        num_samples: how many samples.
        load: a function from an index array to one batch (a NumPy array or a tuple).
        batch_size: samples per batch; None yields single samples.
        shuffle: reshuffle the order before each epoch.
        seed: the shuffling seed.
    """

    def __init__(self, num_samples: int, load, batch_size=32, shuffle=False, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.num_samples = int(num_samples)
        self._load = load
        self.batch_size = batch_size
        self.shuffle = shuffle
        self._rng = np.random.RandomState(seed if seed is not None else np.random.randint(1e6))
        self._order = np.arange(self.num_samples)
        if shuffle:
            self._rng.shuffle(self._order)

    def __len__(self) -> int:
        if self.batch_size is None:
            return self.num_samples
        return math.ceil(self.num_samples / self.batch_size)

    def __getitem__(self, index: int):
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index {index} out of range for {len(self)} batches.")
        if self.batch_size is None:
            batch = self._load(self._order[index:index + 1])
            return tree.map_structure(lambda a: a[0], batch)
        return self._load(self._order[index * self.batch_size:(index + 1) * self.batch_size])

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]
        self.on_epoch_end()

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._rng.shuffle(self._order)

    def map(self, fn) -> MappedDataset:
        """A data set whose batches are ``fn(*batch)`` (tuples) or ``fn(batch)``."""
        return MappedDataset(self, fn)

    def take(self, count: int) -> MappedDataset:
        """The first ``count`` batches."""
        return MappedDataset(self, None, limit=count)


class MappedDataset(PyDataset):
    """``parent`` with ``fn`` applied to every batch (see ``BatchDataset.map``)."""

    def __init__(self, parent, fn, limit=None):
        super().__init__(workers=parent.workers, use_multiprocessing=parent.use_multiprocessing,
                         max_queue_size=parent.max_queue_size)
        self.parent, self.fn, self.limit = parent, fn, limit
        for attr in ("class_names", "file_paths"):
            if hasattr(parent, attr):
                setattr(self, attr, getattr(parent, attr))

    def __len__(self) -> int:
        n = len(self.parent)
        return n if self.limit is None else min(n, self.limit)

    def __getitem__(self, index: int):
        batch = self.parent[index]
        if self.fn is None:
            return batch
        return self.fn(*batch) if isinstance(batch, tuple) else self.fn(batch)

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]
        self.on_epoch_end()

    def on_epoch_end(self) -> None:
        self.parent.on_epoch_end()

    def map(self, fn) -> MappedDataset:
        return MappedDataset(self, fn)

    def take(self, count: int) -> MappedDataset:
        return MappedDataset(self, None, limit=count)


# --- directory indexing (shared by the image and text utilities) --------------------------
def check_validation_split_arg(validation_split, subset, shuffle, seed) -> None:
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, got {validation_split}.")
    if bool(validation_split) != bool(subset):
        raise ValueError("Pass `subset` together with `validation_split` (and neither "
                         f"without the other); got validation_split={validation_split}, "
                         f"subset={subset!r}.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f"`subset` must be 'training', 'validation' or 'both', got "
                         f"{subset!r}.")
    if validation_split and shuffle and seed is None:
        raise ValueError("With `validation_split` and shuffling, pass a `seed` so that the "
                         "training and validation subsets do not overlap.")


def _walk(directory: str, follow_links: bool, formats) -> list:
    out = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        out.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(formats))
    return out


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True):
    """``(file_paths, labels, class_names)`` in the order Keras gives them."""
    if not os.path.isdir(directory):
        raise ValueError(f"Directory {directory!r} does not exist or is not a folder.")
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(f"`class_names` {class_names} do not match the subfolders "
                                 f"of {directory!r}: {subdirs}.")
            subdirs = list(class_names)
    else:
        if class_names is not None:
            raise ValueError("`class_names` can only be passed with labels='inferred'.")
        subdirs = [""]
    paths, inferred = [], []
    for index, sub in enumerate(subdirs):
        found = _walk(os.path.join(directory, sub), follow_links, formats)
        paths += found
        inferred += [index] * len(found)
    names = subdirs
    if labels == "inferred":
        labels = np.asarray(inferred, dtype="int32")
    elif labels is None:
        names = None
    else:
        if len(labels) != len(paths):
            raise ValueError(f"`labels` has {len(labels)} entries but {len(paths)} files were "
                             f"found in {directory!r}; pass one label per file, in sorted "
                             "path order.")
        names = [str(label) for label in sorted(set(labels))]
        labels = np.asarray(labels)
    if verbose:
        if labels is None:
            print(f"Found {len(paths)} files.")
        else:
            print(f"Found {len(paths)} files belonging to {len(names)} classes.")
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, names


def training_or_validation_split(samples, labels, validation_split, subset):
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - num_val} files for training.")
        return samples[:-num_val], (labels[:-num_val] if labels is not None else None)
    print(f"Using {num_val} files for validation.")
    return samples[-num_val:], (labels[-num_val:] if labels is not None else None)


def encode_labels(labels: np.ndarray, label_mode, num_classes: int):
    if label_mode == "binary":
        return labels.astype("float32").reshape(-1, 1)
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels.astype("int32")


# --- split_dataset ----------------------------------------------------------------------------
class SampleDataset:
    """An indexable set of samples (tuples of arrays), e.g. one side of ``split_dataset``.

    ``len(ds)`` samples; ``ds[i]`` is one sample; ``ds.batch(n)`` gives a ``BatchDataset``
    that ``fit`` accepts.
    """

    def __init__(self, arrays, indices):
        self.arrays, self.indices = arrays, np.asarray(indices)

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, i):
        row = self.indices[i]
        return tree.map_structure(lambda a: a[row], self.arrays)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def batch(self, batch_size: int, shuffle=False, seed=None) -> BatchDataset:
        def load(rows):
            picked = self.indices[rows]
            return tree.map_structure(lambda a: a[picked], self.arrays)

        return BatchDataset(len(self), load, batch_size, shuffle=shuffle, seed=seed)

    def numpy(self):
        """The samples as arrays (the same structure as the input)."""
        return tree.map_structure(lambda a: a[self.indices], self.arrays)


def _split_sizes(left_size, right_size, total: int):
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(f"`{name}` must be an int, a float or None, got "
                            f"{type(size).__name__}.")
        if (type(size) is int and not 0 < size < total) or (
                type(size) is float and not 0 < size < 1):
            raise ValueError(f"`{name}` must be a positive int smaller than {total} or a "
                             f"float in (0, 1), got {name}={size}.")
    if left_size is None and right_size is None:
        raise ValueError("Pass `left_size` or `right_size` (or both).")
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError("`left_size` + `right_size` must not exceed 1.")
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(f"left_size + right_size = {left + right} is more than the {total} "
                         "samples.")
    if left == 0 or right == 0:
        raise ValueError(f"With {total} samples, left_size={left} and right_size={right} "
                         "leave one side empty.")
    return int(left), int(right)


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None,
                  preferred_backend=None):
    """Splits arrays (or a tuple/list/dict of arrays, or any indexable data set) into a left
    and a right part, e.g. train and test.

    Args:
        dataset: an array, a tuple/list/dict of arrays with the same length, or an object
            with ``__len__`` and ``__getitem__`` returning samples.
        left_size: int (samples) or float (fraction) for the left part; default: the rest.
        right_size: the same for the right part.
        shuffle: shuffle the samples before splitting.
        seed: the shuffling seed.
        preferred_backend: accepted for Keras compatibility; ignored.

    Returns:
        ``(left, right)``: two ``SampleDataset`` objects (``len``, indexing, ``.batch(n)``).

    Example:
        >>> import numpy as np
        >>> left, right = split_dataset(np.arange(10), left_size=0.8)
        >>> len(left), len(right), int(right[0])
        (8, 2, 8)
    """
    del preferred_backend
    if isinstance(dataset, (np.ndarray, list, tuple, dict)) or hasattr(dataset, "shape"):
        arrays = tree.map_structure(np.asarray, dataset if not isinstance(dataset, list)
                                    else tuple(dataset))
        lengths = {len(a) for a in tree.flatten(arrays)}
        if len(lengths) != 1:
            raise ValueError(f"All arrays of `dataset` must have the same length, got "
                             f"{sorted(lengths)}.")
        total = lengths.pop()
    elif hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__"):
        samples = [dataset[i] for i in range(len(dataset))]
        arrays = tree.map_structure(lambda *xs: np.stack(xs), *samples)
        total = len(samples)
    else:
        raise TypeError(f"split_dataset: expected arrays or an indexable data set, got "
                        f"{type(dataset).__name__}.")
    left, right = _split_sizes(left_size, right_size, total)
    order = np.arange(total)
    if shuffle:
        np.random.RandomState(seed).shuffle(order)
    return SampleDataset(arrays, order[:left]), SampleDataset(arrays, order[left:left + right])
