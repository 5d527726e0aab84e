"""``RandomPosterization``: keeps only the top bits of each 8-bit pixel value."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomPosterization(BaseImagePreprocessingLayer):
    """Reduces each image to ``b`` bits per channel, ``b`` drawn from ``factor``
    (the low ``8 - b`` bits of the 0-255 value are cleared).

    Args:
        factor: the number of bits kept, an int in [1, 8] or a pair ``(lower, upper)``.
        value_range: the range of the pixel values.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.RandomPosterization((2, 2))(np.array([[[[200.0]]]])).tolist()
        [[[[192.0]]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = check_value_range(self, value_range)
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        low, high = int(self.factor[0]), int(self.factor[1])
        if low != high:
            from cornu import backend

            bits = backend.random.randint((batch,), low, high, dtype="int32",
                                          seed=seed if seed is not None else self._seeds_next())
        else:
            bits = ops.full((batch,), low, dtype="int32")
        return {"shift_factor": 8 - bits}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        shift = ops.reshape(transformation["shift_factor"], (-1, 1, 1, 1))
        x = ops.cast(self._rescale(self._cast(images), self.value_range, (0, 255)), "uint8")
        step = ops.cast(ops.power(2, ops.cast(shift, "int32")), "int32")
        x = ops.floor_divide(ops.cast(x, "int32"), step) * step
        return self._rescale(self._cast(x), (0, 255), self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
