"""Augmented batches of image files: ``flow_from_directory`` and ``flow_from_dataframe``."""

from __future__ import annotations

import os
import warnings

import numpy as np

from cornu import backend
from cornu.preprocessing.image.image_io import img_to_array, load_img
from cornu.preprocessing.image.iterators import Iterator, save_batch_images

_SHAPES = {"rgba": 4, "rgb": 3, "grayscale": 1}


def _valid_files(directory, formats, follow_links):
    """``(root, name)`` of the image files under ``directory``, in sorted order."""
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        for name in sorted(files):
            if name.lower().endswith(".tiff"):
                warnings.warn(f"{name}: TIFF files with several bands may load distorted.",
                              stacklevel=2)
            if name.lower().endswith(formats):
                yield root, name


class _BatchFromFiles(Iterator):
    """Loads, augments and labels a batch of image files."""

    def _set_processing_attrs(self, image_data_generator, target_size, color_mode,
                              data_format, save_to_dir, save_prefix, save_format, subset,
                              interpolation, keep_aspect_ratio) -> None:
        if color_mode not in _SHAPES:
            raise ValueError(
                f"{type(self).__name__}: `color_mode` must be 'rgb', 'rgba' or 'grayscale', "
                f"got {color_mode!r}.")
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        self.keep_aspect_ratio = keep_aspect_ratio
        self.color_mode = color_mode
        self.data_format = data_format
        channels = (_SHAPES[color_mode],)
        self.image_shape = (self.target_size + channels if data_format == "channels_last"
                            else channels + self.target_size)
        self.save_to_dir, self.save_prefix, self.save_format = (
            save_to_dir, save_prefix, save_format)
        self.interpolation = interpolation
        self.subset = subset
        self.split = None
        if subset is not None:
            fraction = image_data_generator._validation_split
            if subset == "validation":
                self.split = (0, fraction)
            elif subset == "training":
                self.split = (fraction, 1)
            else:
                raise ValueError(
                    f"{type(self).__name__}: `subset` must be 'training' or 'validation', "
                    f"got {subset!r}.")

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array),) + self.image_shape, dtype=self.dtype)
        generator = self.image_data_generator
        for i, j in enumerate(index_array):
            img = load_img(self.filepaths[j], color_mode=self.color_mode,
                           target_size=self.target_size, interpolation=self.interpolation,
                           keep_aspect_ratio=self.keep_aspect_ratio)
            x = img_to_array(img, data_format=self.data_format)
            img.close()
            if generator:
                x = generator.apply_transform(x, generator.get_random_transform(x.shape))
                x = generator.standardize(x)
            batch_x[i] = x
        if self.save_to_dir:
            save_batch_images(batch_x, index_array, self.data_format, self.save_to_dir,
                              self.save_prefix, self.save_format, 1e7)
        mode = self.class_mode
        if mode == "input":
            batch_y = batch_x.copy()
        elif mode in ("binary", "sparse"):
            batch_y = np.asarray([self.classes[j] for j in index_array], dtype=self.dtype)
        elif mode == "categorical":
            batch_y = np.zeros((len(batch_x), len(self.class_indices)), dtype=self.dtype)
            for i, j in enumerate(index_array):
                batch_y[i, self.classes[j]] = 1.0
        elif mode == "multi_output":
            batch_y = [output[index_array] for output in self.labels]
        elif mode == "raw":
            batch_y = self.labels[index_array]
        else:
            return batch_x
        if self.sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self.sample_weight[index_array]

    @property
    def filepaths(self) -> list:
        return self._filepaths


class DirectoryIterator(_BatchFromFiles):
    """Batches of the images in ``directory/<class name>/...`` (one folder per class).

    Prints ``Found N images belonging to K classes.`` as Keras does. Classes are the
    sub-folders in sorted order unless ``classes`` lists them.
    """

    allowed_class_modes = {"categorical", "binary", "sparse", "input", None}

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, data_format=None, save_to_dir=None, save_prefix="",
                 save_format="png", follow_links=False, subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype=None, **kwargs):
        self._set_processing_attrs(
            image_data_generator, target_size, color_mode,
            data_format or backend.image_data_format(), save_to_dir, save_prefix,
            save_format, subset, interpolation, keep_aspect_ratio)
        if class_mode not in self.allowed_class_modes:
            raise ValueError(
                f"flow_from_directory: `class_mode` must be one of "
                f"{sorted(map(str, self.allowed_class_modes))}, got {class_mode!r}.")
        if not os.path.isdir(directory):
            raise FileNotFoundError(f"flow_from_directory: no directory {directory!r}.")
        self.directory = directory
        self.class_mode = class_mode
        self.dtype = dtype or backend.floatx()
        if not classes:
            classes = [d for d in sorted(os.listdir(directory))
                       if os.path.isdir(os.path.join(directory, d))]
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        self.filenames, labels = [], []
        for name in classes:
            class_dir = os.path.join(directory, name)
            files = list(_valid_files(class_dir, self.white_list_formats, follow_links))
            if self.split:
                files = files[int(self.split[0] * len(files)):int(self.split[1] * len(files))]
            for root, fname in files:
                relative = os.path.relpath(os.path.join(root, fname), class_dir)
                self.filenames.append(os.path.join(name, relative))
                labels.append(self.class_indices[name])
        self.samples = len(self.filenames)
        self.classes = np.asarray(labels, dtype="int32")
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        self._filepaths = [os.path.join(directory, f) for f in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)

    @property
    def labels(self):
        return self.classes

    @property
    def sample_weight(self):
        return None


class DataFrameIterator(_BatchFromFiles):
    """Batches of the image files listed in a pandas DataFrame (``flow_from_dataframe``).

    ``x_col`` holds file names (relative to ``directory`` when given); ``y_col`` the labels:
    class names for ``"categorical"`` (also lists of names, multi-label), ``"binary"`` and
    ``"sparse"``; any values for ``"raw"``; a list of columns for ``"multi_output"``.
    """

    allowed_class_modes = {"binary", "categorical", "input", "multi_output", "raw", "sparse",
                           None}

    def __init__(self, dataframe, directory=None, image_data_generator=None, x_col="filename",
                 y_col="class", weight_col=None, target_size=(256, 256), color_mode="rgb",
                 classes=None, class_mode="categorical", batch_size=32, shuffle=True,
                 seed=None, data_format="channels_last", save_to_dir=None, save_prefix="",
                 save_format="png", subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype="float32", validate_filenames=True, **kwargs):
        self._set_processing_attrs(
            image_data_generator, target_size, color_mode, data_format, save_to_dir,
            save_prefix, save_format, subset, interpolation, keep_aspect_ratio)
        df = dataframe.copy()
        self.directory = directory or ""
        self.class_mode = class_mode
        self.dtype = dtype
        self._check_params(df, x_col, y_col, weight_col, classes)
        if validate_filenames:
            df = self._keep_valid_files(df, x_col)
        labelled = class_mode not in ("input", "multi_output", "raw", None)
        if labelled:
            df, classes = self._filter_classes(df, y_col, classes)
            self.class_indices = dict(zip(classes, range(len(classes))))
        if self.split:
            n = len(df)
            df = df.iloc[int(self.split[0] * n):int(self.split[1] * n), :]
        if labelled:
            self.classes = [
                [self.class_indices[v] for v in label] if isinstance(label, (list, tuple))
                else self.class_indices[label] for label in df[y_col]]
        self.filenames = df[x_col].tolist()
        self._sample_weight = df[weight_col].values if weight_col else None
        if class_mode == "multi_output":
            self._targets = [np.array(df[col].tolist()) for col in y_col]
        if class_mode == "raw":
            self._targets = df[y_col].values
        self.samples = len(self.filenames)
        checked = "validated" if validate_filenames else "non-validated"
        belonging = f" belonging to {len(classes)} classes" if labelled else ""
        print(f"Found {self.samples} {checked} image filenames{belonging}.")
        self._filepaths = [os.path.join(self.directory, f) for f in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)

    def _check_params(self, df, x_col, y_col, weight_col, classes) -> None:
        mode = self.class_mode
        where = "flow_from_dataframe"
        if mode not in self.allowed_class_modes:
            raise ValueError(
                f"{where}: `class_mode` must be one of "
                f"{sorted(map(str, self.allowed_class_modes))}, got {mode!r}.")
        if mode == "multi_output" and not isinstance(y_col, list):
            raise TypeError(f'{where}: class_mode="multi_output" needs `y_col` as a list of '
                            f"columns, got {type(y_col).__name__}.")
        if not all(isinstance(v, str) for v in df[x_col]):
            raise TypeError(f"{where}: every value of x_col={x_col!r} must be a file name "
                            "(str).")
        if mode in ("binary", "sparse") and not all(isinstance(v, str) for v in df[y_col]):
            raise TypeError(f'{where}: class_mode="{mode}" needs class names (str) in '
                            f"y_col={y_col!r}.")
        if mode == "binary":
            found = len(set(classes)) if classes else df[y_col].nunique()
            if found != 2:
                raise ValueError(f'{where}: class_mode="binary" needs exactly 2 classes, '
                                 f"found {found}.")
        if mode == "categorical" and not all(isinstance(v, (str, list, tuple))
                                             for v in df[y_col]):
            raise TypeError(f'{where}: class_mode="categorical" needs class names (str) or '
                            f"lists of them in y_col={y_col!r}.")
        if classes and mode in ("input", "multi_output", "raw", None):
            warnings.warn(f'{where}: `classes` is ignored with class_mode="{mode}".',
                          stacklevel=4)
        if weight_col and not issubclass(df[weight_col].dtype.type, np.number):
            raise TypeError(f"{where}: weight_col={weight_col!r} must be numeric.")

    @staticmethod
    def _filter_classes(df, y_col, classes):
        df = df.copy()
        if classes:
            classes = list(dict.fromkeys(classes))
            wanted = set(classes)

            def keep(labels):
                if isinstance(labels, (list, tuple)):
                    return [c for c in labels if c in wanted] or None
                return labels if labels in wanted else None

            df[y_col] = df[y_col].apply(keep)
        else:
            found = set()
            for labels in df[y_col]:
                found.update(labels if isinstance(labels, (list, tuple)) else [labels])
            classes = sorted(found)
        return df.dropna(subset=[y_col]), classes

    def _keep_valid_files(self, df, x_col):
        def valid(name):
            path = os.path.join(self.directory, name)
            return path.lower().endswith(self.white_list_formats) and os.path.isfile(path)

        mask = df[x_col].map(valid).astype(bool)
        invalid = int((~mask).sum())
        if invalid:
            warnings.warn(
                f'flow_from_dataframe: {invalid} file name(s) in x_col="{x_col}" are not '
                "image files that exist; they are skipped.", stacklevel=4)
        return df[mask]

    @property
    def labels(self):
        if self.class_mode in ("multi_output", "raw"):
            return self._targets
        return self.classes

    @property
    def sample_weight(self):
        return self._sample_weight
