"""``CenterCrop``: crops the central part of images (resizing when they are too small)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class CenterCrop(BaseImagePreprocessingLayer):
    """Keeps the centred ``(height, width)`` window of each image, at training and inference.
    An image smaller than the target is cropped to the target aspect ratio and resized.

    Args:
        height: the output height.
        width: the output width.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> cornu.layers.CenterCrop(2, 2)(x)[0, :, :, 0].tolist()
        [[5.0, 6.0], [9.0, 10.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height, self.width = int(height), int(width)

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        height, width = self._height_width(ops.shape(images))
        dh, dw = height - self.height, width - self.width
        if dh >= 0 and dw >= 0:
            top, left = dh // 2, dw // 2
            if self.data_format == "channels_first":
                return images[:, :, top:top + self.height, left:left + self.width]
            return images[:, top:top + self.height, left:left + self.width, :]
        return ops.image.resize(images, (self.height, self.width), crop_to_aspect_ratio=True,
                                data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h, w = self._hw_axes
        shape[h], shape[w] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
