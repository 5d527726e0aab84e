"""``ImageDataGenerator``: Keras 2's real-time image augmentation, on NumPy and SciPy."""

from __future__ import annotations

import math
import warnings

import numpy as np

from cornu import backend
from cornu.preprocessing.image.affine import (
    apply_affine_transform,
    apply_brightness_shift,
    apply_channel_shift,
    flip_axis,
)


def _zoom_pair(zoom_range):
    if isinstance(zoom_range, (float, int)):
        return [1 - zoom_range, 1 + zoom_range]
    if len(zoom_range) == 2 and all(isinstance(v, (float, int)) for v in zoom_range):
        return [zoom_range[0], zoom_range[1]]
    raise ValueError(
        f"ImageDataGenerator: `zoom_range` must be a float or two floats [low, high], got "
        f"{zoom_range!r}."
    )


def _random_shift(shift_range, size):
    """A shift in pixels: from a list/int of pixel choices, or a fraction of ``size``."""
    try:  # an int or a list: pixel choices, with a random sign
        shift = np.random.choice(shift_range)
        shift *= np.random.choice([-1, 1])
    except ValueError:  # a float: a fraction
        shift = np.random.uniform(-shift_range, shift_range)
    if np.max(shift_range) < 1:
        shift *= size
    return shift


class ImageDataGenerator:
    """Batches of images with random augmentation and normalization, for ``fit``.

    The random draws use NumPy's global generator in Keras 2's order: with the same seed
    the images equal Keras's.

    Args:
        featurewise_center: subtract the data set's per-channel mean (see ``fit``).
        samplewise_center: subtract each image's mean.
        featurewise_std_normalization: divide by the data set's per-channel std.
        samplewise_std_normalization: divide each image by its std.
        zca_whitening: apply ZCA whitening (``fit`` computes it); ``zca_epsilon`` regularizes.
        rotation_range: degrees of random rotation.
        width_shift_range, height_shift_range: a fraction of the size (< 1), a number of
            pixels (>= 1), or a list of pixel choices.
        brightness_range: ``(low, high)`` brightness factors.
        shear_range: degrees of random shear.
        zoom_range: a float ``z`` for ``[1 - z, 1 + z]`` or ``[low, high]``.
        channel_shift_range: random shift of the channel values.
        fill_mode: ``"constant"``, ``"nearest"``, ``"reflect"`` or ``"wrap"``; ``cval`` is
            the constant.
        horizontal_flip, vertical_flip: random flips.
        rescale: a factor applied first (e.g. ``1/255``).
        preprocessing_function: applied to each image before everything else.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: the config's).
        validation_split: fraction held out; ``flow*(subset="validation" | "training")``.
        interpolation_order: spline order of the geometric transforms.
        dtype: the dtype of the produced arrays (default ``floatx()``).

    Example:

    >>> import numpy as np
    >>> gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
    >>> x = np.random.randint(0, 256, (10, 8, 8, 3)).astype("float32")
    >>> batch_x, batch_y = gen.flow(x, np.arange(10), batch_size=4, seed=0)[0]
    >>> batch_x.shape, float(batch_x.max()) <= 1.0
    ((4, 8, 8, 3), True)
    """

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0,
                 width_shift_range=0.0, height_shift_range=0.0, brightness_range=None,
                 shear_range=0.0, zoom_range=0.0, channel_shift_range=0.0,
                 fill_mode="nearest", cval=0.0, horizontal_flip=False, vertical_flip=False,
                 rescale=None, preprocessing_function=None, data_format=None,
                 validation_split=0.0, interpolation_order=1, dtype=None):
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"ImageDataGenerator: `data_format` must be 'channels_last' or "
                f"'channels_first', got {data_format!r}."
            )
        if validation_split and not 0 < validation_split < 1:
            raise ValueError(
                f"ImageDataGenerator: `validation_split` must be strictly between 0 and 1, "
                f"got {validation_split!r}."
            )
        if brightness_range is not None and (
                not isinstance(brightness_range, (tuple, list)) or len(brightness_range) != 2):
            raise ValueError(
                f"ImageDataGenerator: `brightness_range` must be two floats (low, high), got "
                f"{brightness_range!r}."
            )
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.brightness_range = brightness_range
        self.shear_range = shear_range
        self.zoom_range = _zoom_pair(zoom_range)
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.data_format = data_format
        self.interpolation_order = interpolation_order
        self.dtype = dtype or backend.floatx()
        self._validation_split = validation_split
        if data_format == "channels_first":
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        self.mean = None
        self.std = None
        self.zca_whitening_matrix = None
        self._resolve_implied_options()

    def _resolve_implied_options(self) -> None:
        def implied(message):
            warnings.warn(f"ImageDataGenerator: {message}", stacklevel=3)

        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                implied("`zca_whitening` turns `featurewise_center` on.")
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                implied("`zca_whitening` turns `featurewise_std_normalization` off.")
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            implied("`featurewise_std_normalization` turns `featurewise_center` on.")
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            implied("`samplewise_std_normalization` turns `samplewise_center` on.")

    # --- iterators ----------------------------------------------------------------------
    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix="", save_format="png", ignore_class_split=False,
             subset=None):
        """Augmented batches of in-memory images ``x`` (rank 4), with labels ``y``."""
        from cornu.preprocessing.image.iterators import NumpyArrayIterator

        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle, sample_weight=sample_weight,
            seed=seed, data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format,
            ignore_class_split=ignore_class_split, subset=subset, dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None, save_prefix="",
                            save_format="png", follow_links=False, subset=None,
                            interpolation="nearest", keep_aspect_ratio=False):
        """Augmented batches of the images in ``directory/<class>/...``."""
        from cornu.preprocessing.image.file_iterators import DirectoryIterator

        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode,
            keep_aspect_ratio=keep_aspect_ratio, classes=classes, class_mode=class_mode,
            data_format=self.data_format, batch_size=batch_size, shuffle=shuffle, seed=seed,
            save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format,
            follow_links=follow_links, subset=subset, interpolation=interpolation,
            dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, directory=None, x_col="filename", y_col="class",
                            weight_col=None, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None, save_prefix="",
                            save_format="png", subset=None, interpolation="nearest",
                            validate_filenames=True, **kwargs):
        """Augmented batches of the image files named in a pandas DataFrame."""
        from cornu.preprocessing.image.file_iterators import DataFrameIterator

        for old in ("has_ext", "sort", "drop_duplicates"):
            if kwargs.pop(old, None) is not None:
                warnings.warn(f"flow_from_dataframe: `{old}` is ignored (removed in Keras 2.3).",
                              DeprecationWarning, stacklevel=2)
        if kwargs:
            raise TypeError(
                f"flow_from_dataframe: unexpected keyword argument(s) {sorted(kwargs)}.")
        if class_mode == "other":
            warnings.warn('flow_from_dataframe: class_mode="other" is now "raw".',
                          DeprecationWarning, stacklevel=2)
            class_mode = "raw"
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col, weight_col=weight_col,
            target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, subset=subset, interpolation=interpolation,
            validate_filenames=validate_filenames, dtype=self.dtype)

    # --- normalization ------------------------------------------------------------------
    def _unfitted(self, option: str) -> None:
        warnings.warn(
            f"ImageDataGenerator: `{option}` is set but the generator was not fitted; call "
            "`.fit(x_train)` first. The images are left unchanged by it.", stacklevel=3)

    def standardize(self, x):
        """Applies the normalization options to a batch or an image (in place when possible)."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is None:
                self._unfitted("featurewise_center")
            else:
                x -= self.mean
        if self.featurewise_std_normalization:
            if self.std is None:
                self._unfitted("featurewise_std_normalization")
            else:
                x /= self.std + 1e-6
        if self.zca_whitening:
            if self.zca_whitening_matrix is None:
                self._unfitted("zca_whitening")
            else:
                flat = x.reshape(-1, math.prod(x.shape[-3:]))
                x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
        return x

    # --- augmentation -------------------------------------------------------------------
    def get_random_transform(self, img_shape, seed=None) -> dict:
        """Draws the random parameters of one image's transform."""
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        if seed is not None:
            np.random.seed(seed)
        theta = np.random.uniform(-self.rotation_range, self.rotation_range) \
            if self.rotation_range else 0
        tx = _random_shift(self.height_shift_range, img_shape[row_axis]) \
            if self.height_shift_range else 0
        ty = _random_shift(self.width_shift_range, img_shape[col_axis]) \
            if self.width_shift_range else 0
        shear = np.random.uniform(-self.shear_range, self.shear_range) \
            if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        flip_vertical = (np.random.random() < 0.5) * self.vertical_flip
        channel_shift = None
        if self.channel_shift_range != 0:
            channel_shift = np.random.uniform(-self.channel_shift_range,
                                              self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = np.random.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift, "brightness": brightness}

    def apply_transform(self, x, transform_parameters: dict):
        """Applies the parameters of ``get_random_transform`` to one image."""
        p = transform_parameters
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        channel_axis = self.channel_axis - 1
        x = apply_affine_transform(
            x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0), p.get("shear", 0),
            p.get("zx", 1), p.get("zy", 1), row_axis=row_axis, col_axis=col_axis,
            channel_axis=channel_axis, fill_mode=self.fill_mode, cval=self.cval,
            order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], channel_axis)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, col_axis)
        if p.get("flip_vertical", False):
            x = flip_axis(x, row_axis)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x, seed=None):
        """One randomly transformed copy of the image ``x`` (rank 3)."""
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def fit(self, x, augment=False, rounds=1, seed=None) -> None:
        """Computes the data set statistics that the featurewise options and ZCA need.

        Args:
            x: images, rank 4.
            augment: also fit on ``rounds`` randomly augmented copies.
            rounds: how many augmented copies when ``augment``.
            seed: seed of the augmentation.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(
                f"ImageDataGenerator.fit: expected images of rank 4, got shape {x.shape}.")
        if x.shape[self.channel_axis] not in (1, 3, 4):
            warnings.warn(
                f"ImageDataGenerator.fit: with data_format={self.data_format!r} the channels "
                f"are axis {self.channel_axis}, which has {x.shape[self.channel_axis]} "
                "entries (expected 1, 3 or 4).", stacklevel=2)
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if self.rescale:
            x *= self.rescale
        if augment:
            copies = np.zeros((rounds * x.shape[0],) + x.shape[1:], dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    copies[i + r * x.shape[0]] = self.random_transform(x[i])
            x = copies
        stats_shape = [1, 1, 1]
        stats_shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=(0, self.row_axis, self.col_axis)),
                                   stats_shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=(0, self.row_axis, self.col_axis)),
                                  stats_shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            n = len(x)
            u, s, _ = np.linalg.svd(np.reshape(x, (n, -1)).T, full_matrices=False)
            self.zca_whitening_matrix = (u * (np.sqrt(n) / (s + self.zca_epsilon))) @ u.T
