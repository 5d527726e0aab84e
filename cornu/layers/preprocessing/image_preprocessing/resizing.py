"""``Resizing``: resizes images to a fixed height and width."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class Resizing(BaseImagePreprocessingLayer):
    """Resizes a batch of images (or one image) to ``(height, width)``, at training and
    inference alike.

    Args:
        height: the output height.
        width: the output width.
        interpolation: "bilinear", "nearest", "bicubic" or "area".
        crop_to_aspect_ratio: crop the largest centred window of the target aspect ratio
            first (no distortion).
        pad_to_aspect_ratio: pad with ``fill_value`` to the target aspect ratio first.
        fill_mode: "constant" (the only mode for padding).
        fill_value: the padding value.
        antialias: low-pass filter when downsampling ("bilinear"/"bicubic").
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.Resizing(2, 3)(np.ones((4, 8, 8, 3), "float32")).shape
        torch.Size([4, 2, 3, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height, self.width = int(height), int(width)
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode, self.fill_value = fill_mode, fill_value
        self.antialias = bool(antialias)

    def transform_images(self, images, transformation=None, training=True):
        resized = ops.image.resize(
            images, (self.height, self.width), interpolation=self.interpolation,
            antialias=self.antialias, crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)
        return resized

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h, w = self._hw_axes
        shape[h], shape[w] = self.height, self.width
        return tuple(shape)

    def compute_output_spec(self, inputs, **kwargs):
        return backend.KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width,
                       "interpolation": self.interpolation,
                       "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                       "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                       "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                       "antialias": self.antialias})
        return config
