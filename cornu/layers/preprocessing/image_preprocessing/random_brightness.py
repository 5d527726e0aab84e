"""``RandomBrightness``: adds a random offset to every pixel while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomBrightness(BaseImagePreprocessingLayer):
    """Adds ``delta * (high - low)`` to each image, with ``delta`` drawn from the factor
    range, then clips to ``value_range = (low, high)``.

    Args:
        factor: ``f`` for ``[-f, f]`` or ``(lower, upper)``, in [-1, 1].
        value_range: the range of the pixel values.
        seed: an int for repeatable offsets.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.RandomBrightness((0.1, 0.1), value_range=(0, 1))
        >>> layer(np.full((1, 2, 2, 3), 0.5, "float32"))[0, 0, 0].tolist()
        [0.6000000238418579, 0.6000000238418579, 0.6000000238418579]
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.seed = seed
        self.value_range = check_value_range(self, value_range)

    def get_random_transformation(self, data, training=True, seed=None):
        shape = ops.shape(self._images_of(data))
        size = (self._batch_size(shape), 1, 1, 1)
        if not training:
            return {"rgb_delta": ops.zeros(size)}
        delta = self.uniform(size, self.factor[0], self.factor[1], seed)
        return {"rgb_delta": delta * (self.value_range[1] - self.value_range[0])}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = self._cast(images)
        images = images + ops.cast(transformation["rgb_delta"], images.dtype)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
