"""``RandomColorDegeneration``: blends images toward their grayscale version."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomColorDegeneration(BaseImagePreprocessingLayer):
    """Moves each image toward its grayscale version by a random fraction from ``factor``.

    Args:
        factor: ``f`` for ``[0, f]`` or ``(lower, upper)``, in [0, 1] (1 = grayscale).
        value_range: the range of the pixel values.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(1, 2, 2, 3).astype("float32")
        >>> y = cornu.layers.RandomColorDegeneration((1.0, 1.0), value_range=(0, 1))(x)
        >>> bool((abs(y[..., 0] - y[..., 2]) < 1e-6).all())
        True
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = check_value_range(self, value_range)
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        return {"factor": self.uniform((batch, 1, 1, 1), self.factor[0], self.factor[1],
                                       seed)}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = self._cast(images)
        factor = ops.cast(transformation["factor"], images.dtype)
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        images = images + factor * (gray - images)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
