"""``RandomInvert``: inverts images (``high - x``) at random while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomInvert(BaseImagePreprocessingLayer):
    """Inverts each image with a probability drawn from ``factor``.

    Args:
        factor: the inversion probability: ``p`` or ``(lower, upper)`` in [0, 1].
        value_range: the range of the pixel values; an inverted pixel is ``high - x``.
        seed: an int for repeatable choices.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.RandomInvert((1.0, 1.0), value_range=(0, 1))  # always
        >>> layer(np.zeros((1, 1, 1, 1))).tolist()
        [[[[1.0]]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range, self.seed = value_range, seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        batch = self._batch_size(ops.shape(self._images_of(data)))
        probability = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        return {"apply_inversion": self.uniform((batch,), 0, 1, seed) < probability}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = self._cast(images)
        apply = ops.reshape(transformation["apply_inversion"], (-1, 1, 1, 1))
        return ops.where(apply, self.value_range[1] - images, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
