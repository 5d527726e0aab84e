"""``RandomGrayscale``: turns images to grayscale at random while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomGrayscale(BaseImagePreprocessingLayer):
    """Replaces each image, with probability ``factor``, by its grayscale version (repeated
    over the input's channels).

    Args:
        factor: the probability in [0, 1].
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable choices.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(2, 4, 4, 3).astype("float32")
        >>> y = cornu.layers.RandomGrayscale(1.0)(x)
        >>> bool((y[..., 0] == y[..., 1]).all())
        True
    """

    _USE_BASE_FACTOR = False

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not 0 <= factor <= 1:
            raise ValueError(f"RandomGrayscale: `factor` must be in [0, 1], got {factor!r}.")
        self.factor, self.seed = factor, seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        return ops.reshape(self.uniform((batch,), 0, 1, seed) < self.factor, (batch, 1, 1, 1))

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training:
            return images
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        return ops.where(transformation, gray, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
