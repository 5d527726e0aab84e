"""``AutoContrast``: stretches each image's channels to the full value range."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class AutoContrast(BaseImagePreprocessingLayer):
    """Maps each channel of each image linearly so that its darkest pixel becomes the low end
    of ``value_range`` and its brightest the high end (constant channels stay as they are).
    Applies at training and inference alike.

    Args:
        value_range: the range of the pixel values.

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.AutoContrast()(np.array([[[[50.0], [100.0]]]], "float32")).tolist()
        [[[[0.0], [255.0]]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self.value_range = check_value_range(self, value_range)

    def transform_images(self, images, transformation=None, training=True):
        original = images
        x = self._cast(self._rescale(self._cast(images), self.value_range, (0, 255)))
        low = ops.amin(x, axis=(1, 2), keepdims=True)
        high = ops.amax(x, axis=(1, 2), keepdims=True)
        scale = 255.0 / (high - low)
        out = ops.clip(x * scale - low * scale, 0.0, 255.0)
        out = self._rescale(out, (0, 255), self.value_range)
        return ops.where(ops.isnan(out), self._cast(original), out)

    def get_config(self) -> dict:
        config = super().get_config()
        config["value_range"] = self.value_range
        return config
