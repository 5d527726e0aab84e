"""``RandomCrop``: crops a random window while training, the centre at inference."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomCrop(BaseImagePreprocessingLayer):
    """While training, crops the same random ``(height, width)`` window from every image of
    the batch; at inference (or when the images are not larger than the target), crops the
    centre to the target aspect ratio and resizes.

    Args:
        height: the output height.
        width: the output width.
        seed: an int for repeatable crops.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.RandomCrop(3, 3, seed=0)(np.ones((2, 5, 5, 1), "float32")).shape
        torch.Size([2, 3, 3, 1])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height, self.width = int(height), int(width)
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        height, width = self._height_width(ops.shape(self._images_of(data)))
        if training and height > self.height and width > self.width:
            top = int(self.uniform((), 0, float(height - self.height + 1), seed))
            left = int(self.uniform((), 0, float(width - self.width + 1), seed))
            return top, left
        crop_h = max(min(height, int(width * self.height / self.width)), 1)
        crop_w = max(min(width, int(height * self.width / self.height)), 1)
        return int((height - crop_h) / 2), int((width - crop_w) / 2)

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        top, left = transformation
        if self.data_format == "channels_first":
            images = images[:, :, top:top + self.height, left:left + self.width]
        else:
            images = images[:, top:top + self.height, left:left + self.width, :]
        if self._height_width(ops.shape(images)) != (self.height, self.width):
            images = self._cast(ops.image.resize(images, (self.height, self.width),
                                                 data_format=self.data_format))
        return images

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h, w = self._hw_axes
        shape[h], shape[w] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed})
        return config
