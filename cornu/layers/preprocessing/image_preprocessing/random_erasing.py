"""``RandomErasing``: overwrites a random box of each image while training."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._boxes import box_masks, crop_bounds
from cornu.layers.preprocessing.image_preprocessing._factors import bounded_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomErasing(BaseImagePreprocessingLayer):
    """Erases a random box of each image, with a probability drawn from ``factor``.

    The box's width and height are ``sqrt(s) * width`` and ``sqrt(s') * height`` with ``s``,
    ``s'`` drawn from ``scale``; it is filled with ``fill_value``, or with Gaussian noise
    times ``value_range[1]`` when ``fill_value`` is None (clipped to ``value_range``).

    Args:
        factor: the probability of erasing: ``f`` draws it from ``[0, f]``, a pair from
            ``(lower, upper)``, in [0, 1] (1.0 erases about half of the images, as Keras).
        scale: the range of the box's area fractions, in [0, 1].
        fill_value: None (noise), a number, or three numbers (one per channel).
        value_range: the range of the pixel values.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.RandomErasing(factor=(1.0, 1.0), fill_value=0.0, seed=3)
        >>> out = layer(np.full((2, 8, 8, 3), 9.0, "float32")).numpy()
        >>> sorted(set(out.ravel().tolist()))
        [0.0, 9.0]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255),
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = bounded_range(self, scale, "scale")
        if fill_value is not None and not isinstance(fill_value, (int, float)) and not (
                isinstance(fill_value, (tuple, list)) and len(fill_value) == 3):
            raise ValueError(f"RandomErasing: `fill_value` must be None, a number or three "
                             f"numbers (one per channel), got fill_value={fill_value!r}.")
        self.fill_value = fill_value
        self.value_range = value_range
        self.seed = seed

    def _fill(self, shape, seed):
        if self.fill_value is None:
            fill = backend.random.normal(tuple(shape), dtype=self.compute_dtype,
                                         seed=seed if seed is not None else self._seeds_next())
            fill = fill * self.value_range[1]
        elif isinstance(self.fill_value, (tuple, list)):
            values = ops.convert_to_tensor(self.fill_value, dtype=self.compute_dtype)
            if self.data_format == "channels_first":
                values = ops.reshape(values, (3, 1, 1))
            fill = ops.broadcast_to(values, tuple(shape))
        else:
            fill = ops.full(tuple(shape), self.fill_value, dtype=self.compute_dtype)
        return ops.clip(fill, self.value_range[0], self.value_range[1])

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        height, width = self._height_width(shape)
        sides = ops.sqrt(self.uniform((batch, 2), self.scale[0], self.scale[1], seed))
        x0, x1 = crop_bounds(self, batch, width, sides[:, 0], seed)
        y0, y1 = crop_bounds(self, batch, height, sides[:, 1], seed)
        probability = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        apply = self.uniform((batch,), 0.0, 1.0, seed) < probability
        return {"apply_erasing": apply, "batch_masks": box_masks(self, shape, x0, x1, y0, y1),
                "fill_value": self._fill(shape, seed)}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        fill = ops.cast(transformation["fill_value"], images.dtype)
        erased = ops.where(transformation["batch_masks"], fill, images)
        apply = ops.reshape(transformation["apply_erasing"], (-1, 1, 1, 1))
        return ops.where(apply, erased, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale, "fill_value": self.fill_value,
                       "value_range": self.value_range, "seed": self.seed})
        return config
