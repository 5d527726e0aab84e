"""Batch iterators of ``ImageDataGenerator``: the base ``Iterator`` and in-memory arrays."""

from __future__ import annotations

import os
import threading
import warnings

import numpy as np

from cornu import backend
from cornu.preprocessing.image.image_io import array_to_img
from cornu.trainers.data_adapters.py_dataset import PyDataset


class Iterator(PyDataset):
    """Batches of ``n`` samples by index (a ``PyDataset``) that is also a Python iterator.

    ``next(it)`` walks the batches forever (Keras 2's generator style); ``it[i]`` gives
    batch ``i`` of the current order. With a ``seed`` the order and the augmentation are
    reproducible (NumPy's global generator is re-seeded per batch, as in Keras).

    Args:
        n: number of samples.
        batch_size: samples per batch.
        shuffle: a new random order each pass.
        seed: base seed.
    """

    white_list_formats = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.batch_size = batch_size
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self.index_array = None
        self.index_generator = self._flow_index()

    def _set_index_array(self) -> None:
        self.index_array = np.random.permutation(self.n) if self.shuffle else np.arange(self.n)

    def __len__(self) -> int:
        return (self.n + self.batch_size - 1) // self.batch_size

    def __getitem__(self, idx: int):
        if idx >= len(self):
            raise ValueError(
                f"{type(self).__name__}: asked for batch {idx}, but there are only "
                f"{len(self)} batches."
            )
        if self.seed is not None:
            np.random.seed(self.seed + self.total_batches_seen)
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        picked = self.index_array[self.batch_size * idx:self.batch_size * (idx + 1)]
        return self._get_batches_of_transformed_samples(picked)

    def on_epoch_end(self) -> None:
        self._set_index_array()

    def reset(self) -> None:
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        while True:
            if self.seed is not None:
                np.random.seed(self.seed + self.total_batches_seen)
            if self.batch_index == 0:
                self._set_index_array()
            start = (self.batch_index * self.batch_size) % self.n if self.n else 0
            self.batch_index = self.batch_index + 1 if self.n > start + self.batch_size else 0
            self.total_batches_seen += 1
            yield self.index_array[start:start + self.batch_size]

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            picked = next(self.index_generator)
        return self._get_batches_of_transformed_samples(picked)

    def _get_batches_of_transformed_samples(self, index_array):
        raise NotImplementedError(
            f"{type(self).__name__} must implement `_get_batches_of_transformed_samples`.")


def save_batch_images(batch_x, index_array, data_format, save_to_dir, save_prefix,
                      save_format, hash_range) -> None:
    """Writes the augmented images of a batch, for inspection (``save_to_dir``)."""
    for i, j in enumerate(index_array):
        img = array_to_img(batch_x[i], data_format, scale=True)
        name = f"{save_prefix}_{j}_{np.random.randint(hash_range)}.{save_format}"
        img.save(os.path.join(save_to_dir, name))


class NumpyArrayIterator(Iterator):
    """Augmented batches of in-memory images (``ImageDataGenerator.flow``).

    ``x`` may be ``(images, extra)`` or ``(images, [extra, ...])``: the extra arrays are
    batched alongside the images, unaugmented, as further model inputs.
    """

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", subset=None, ignore_class_split=False,
                 dtype=None, **kwargs):
        data_format = data_format or backend.image_data_format()
        self.dtype = dtype or backend.floatx()
        x_misc = []
        if isinstance(x, (tuple, list)):
            extra = x[1]
            x_misc = [np.asarray(e) for e in extra] if isinstance(extra, list) else [
                np.asarray(extra)]
            x = x[0]
            for e in x_misc:
                if len(e) != len(x):
                    raise ValueError(
                        f"ImageDataGenerator.flow: every array of `x` must have the same "
                        f"length; the images have {len(x)}, an extra input has {len(e)}.")
        for name, other in (("y", y), ("sample_weight", sample_weight)):
            if other is not None and len(other) != len(x):
                raise ValueError(
                    f"ImageDataGenerator.flow: `x` and `{name}` must have the same length, "
                    f"got x.shape={np.asarray(x).shape}, {name}.shape={np.asarray(other).shape}.")
        if subset is not None:
            x, x_misc, y = self._take_subset(x, x_misc, y, subset, image_data_generator,
                                             ignore_class_split)
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError(
                f"ImageDataGenerator.flow: expected images of rank 4, got shape {self.x.shape}.")
        channels_axis = 3 if data_format == "channels_last" else 1
        if self.x.shape[channels_axis] not in (1, 3, 4):
            warnings.warn(
                f"ImageDataGenerator.flow: with data_format={data_format!r} the channels are "
                f"axis {channels_axis}, which has {self.x.shape[channels_axis]} entries "
                "(expected 1, 3 or 4).", stacklevel=3)
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = None if sample_weight is None else np.asarray(sample_weight)
        self.image_data_generator = image_data_generator
        self.data_format = data_format
        self.save_to_dir, self.save_prefix, self.save_format = (
            save_to_dir, save_prefix, save_format)
        super().__init__(self.x.shape[0], batch_size, shuffle, seed, **kwargs)

    @staticmethod
    def _take_subset(x, x_misc, y, subset, generator, ignore_class_split):
        if subset not in ("training", "validation"):
            raise ValueError(
                f"ImageDataGenerator.flow: `subset` must be 'training' or 'validation', got "
                f"{subset!r}.")
        split = int(len(x) * generator._validation_split)
        if (y is not None and not ignore_class_split and not np.array_equal(
                np.unique(y[:split]), np.unique(y[split:]))):
            raise ValueError(
                "ImageDataGenerator.flow: the training and validation subsets have different "
                "classes after the split; shuffle the arrays first (they may be sorted by "
                "label) or pass ignore_class_split=True.")
        part = slice(None, split) if subset == "validation" else slice(split, None)
        return (x[part], [np.asarray(e[part]) for e in x_misc],
                None if y is None else y[part])

    def _get_batches_of_transformed_samples(self, index_array):
        generator = self.image_data_generator
        batch_x = np.zeros((len(index_array),) + self.x.shape[1:], dtype=self.dtype)
        for i, j in enumerate(index_array):
            params = generator.get_random_transform(self.x[j].shape)
            image = generator.apply_transform(self.x[j].astype(self.dtype), params)
            batch_x[i] = generator.standardize(image)
        if self.save_to_dir:
            save_batch_images(batch_x, index_array, self.data_format, self.save_to_dir,
                              self.save_prefix, self.save_format, 1e4)
        misc = [e[index_array] for e in self.x_misc]
        inputs = [batch_x] + misc if misc else batch_x
        if self.y is None:
            return inputs
        if self.sample_weight is None:
            return inputs, self.y[index_array]
        return inputs, self.y[index_array], self.sample_weight[index_array]
