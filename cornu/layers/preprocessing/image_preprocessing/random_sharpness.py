"""``RandomSharpness``: sharpens or softens images by a random amount while training."""

from __future__ import annotations

import numpy as np

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

# A 3x3 smoothing kernel: 5/13 on the centre, 1/13 on each neighbour.
_SIDE, _CENTRE = 1.0 / 13.0, 5.0 / 13.0


class RandomSharpness(BaseImagePreprocessingLayer):
    """Blends each image with a smoothed copy: ``x + (1 - 2f) * (smooth(x) - x)`` with ``f``
    drawn from ``factor`` (0 gives the smoothed image, 0.5 the image itself, 1 sharpens it),
    then clips to ``value_range``. The smoothing zero-pads the borders, as Keras.

    Args:
        factor: ``f`` for ``[0, f]`` or a pair ``(lower, upper)``, in [0, 1].
        value_range: the range of the pixel values.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(1, 6, 6, 3).astype("float32") * 255
        >>> y = cornu.layers.RandomSharpness((0.5, 0.5))(x)
        >>> bool(np.allclose(y, x, atol=1e-4))
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = check_value_range(self, value_range)
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        return {"factor": self.uniform((batch,), self.factor[0], self.factor[1], seed)}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        amount = ops.reshape(ops.cast(transformation["factor"], images.dtype) * 2, (-1, 1, 1, 1))
        channels = ops.shape(images)[1 if self.data_format == "channels_first" else -1]
        kernel = np.full((3, 3, channels, 1), _SIDE)
        kernel[1, 1] = _CENTRE
        kernel = ops.convert_to_tensor(kernel, dtype=images.dtype)
        smooth = ops.depthwise_conv(images, kernel, strides=1, padding="same",
                                    data_format=self.data_format)
        images = images + (1.0 - amount) * (smooth - images)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
