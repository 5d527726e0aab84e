"""``RandomHue``: shifts the hue of images by a random amount while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomHue(BaseImagePreprocessingLayer):
    """Rotates each image's hue by ``±f / 2`` of a full turn, with ``f`` drawn from ``factor``
    and a random sign (0 keeps the image; 1 turns it by half a turn).

    Args:
        factor: ``f`` for ``[0, f]`` or a pair ``(lower, upper)``, in [0, 1].
        value_range: the range of the pixel values.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> red = np.array([[[[255.0, 0.0, 0.0]]]], "float32")
        >>> cornu.layers.RandomHue((1.0, 1.0))(red)[0, 0, 0].tolist()  # half a turn: cyan
        [0.0, 255.0, 255.0]
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        sign = ops.where(self.uniform((batch,), 0.0, 1.0, seed) > 0.5, -1.0, 1.0)
        amount = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        return {"factor": sign * amount * 0.5}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        x = self._rescale(images, self.value_range, (0, 1))
        shift = ops.reshape(ops.cast(transformation["factor"], x.dtype), (-1, 1, 1))
        hsv = ops.image.rgb_to_hsv(x, data_format=self.data_format)
        axis = -1 if self.data_format == "channels_last" else 1
        hue, sat, val = (ops.take(hsv, i, axis=axis) for i in range(3))
        hue = hue + shift
        hue = ops.where(hue > 1.0, hue - 1.0, hue)
        hue = ops.where(hue < 0.0, hue + 1.0, hue)
        x = ops.image.hsv_to_rgb(ops.stack([hue, sat, val], axis=axis),
                                 data_format=self.data_format)
        x = ops.clip(x, 0.0, 1.0)
        return self._cast(self._rescale(x, (0, 1), self.value_range))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
