"""``RandomSaturation``: scales the colour saturation of images at random."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomSaturation(BaseImagePreprocessingLayer):
    """Multiplies each image's HSV saturation by ``f / (1 - f)`` with ``f`` drawn from
    ``factor`` (0.5 keeps the image, 0 gives grayscale, 1 full saturation).

    Args:
        factor: ``f`` for ``[0, f]`` or ``(lower, upper)``, in [0, 1].
        value_range: the range the saturation is clipped to.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(1, 2, 2, 3).astype("float32")
        >>> y = cornu.layers.RandomSaturation((0.5, 0.5), value_range=(0, 1))(x)
        >>> bool(np.allclose(y, x, atol=1e-5))
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
        f = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        return {"factor": f / (1 - f + backend.epsilon())}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = self._cast(images)
        factor = ops.reshape(ops.cast(transformation["factor"], images.dtype), (-1, 1, 1))
        hsv = ops.image.rgb_to_hsv(images, data_format=self.data_format)
        axis = -1 if self.data_format == "channels_last" else 1
        h, s, v = (ops.take(hsv, i, axis=axis) for i in range(3))
        s = ops.clip(s * factor, self.value_range[0], self.value_range[1])
        return ops.image.hsv_to_rgb(ops.stack([h, s, v], axis=axis),
                                    data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
