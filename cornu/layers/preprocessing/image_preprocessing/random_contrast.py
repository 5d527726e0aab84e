"""``RandomContrast``: scales each image's contrast by a random factor while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomContrast(BaseImagePreprocessingLayer):
    """Moves every pixel away from (or toward) its image's per-channel mean by a factor drawn
    from ``[1 - lower, 1 + upper]``, then clips to ``value_range``.

    Args:
        factor: ``f`` for ``[1 - f, 1 + f]`` or ``(lower, upper)``, each in [0, 1].
        value_range: the range of the pixel values, e.g. (0, 255) or (0, 1).
        seed: an int for repeatable factors.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.array([[[[0.0], [1.0]]]], "float32")
        >>> cornu.layers.RandomContrast(0.5)(x, training=False).tolist()
        [[[[0.0], [1.0]]]]
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        shape = ops.shape(self._images_of(data))
        size = (self._batch_size(shape), 1, 1, 1)
        if not training:
            return {"contrast_factor": ops.zeros(size)}
        return {"contrast_factor": self.uniform(size, 1.0 - self.factor[0],
                                                1.0 + self.factor[1], seed)}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = self._cast(images)
        h, w = self._hw_axes
        mean = ops.mean(images, axis=(h, w), keepdims=True)
        out = (images - mean) * transformation["contrast_factor"] + mean
        return ops.clip(out, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
