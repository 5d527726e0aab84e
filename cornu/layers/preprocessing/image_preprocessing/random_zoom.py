"""``RandomZoom``: zooms images in or out by a random factor while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._geometry import check_modes, factor_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomZoom(BaseImagePreprocessingLayer):
    """Zooms each image: a factor ``z`` in ``1 + [lower, upper]`` shows ``z`` times the
    image's height (so negative factors zoom in, positive ones zoom out).

    Args:
        height_factor: ``f`` for ``[-f, f]`` or ``(lower, upper)``, each in (-1, 1].
        width_factor: the same for the width; None keeps the aspect ratio.
        fill_mode: "reflect", "wrap", "constant" or "nearest".
        interpolation: "bilinear" or "nearest".
        seed: an int for repeatable zooms.
        fill_value: the value outside the image with ``fill_mode="constant"``.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(2, 8, 8, 3).astype("float32")
        >>> cornu.layers.RandomZoom(0.3, seed=0)(x).shape
        torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = factor_range(
            self, height_factor, "height_factor", open_low=True)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = factor_range(
                self, width_factor, "width_factor", open_low=True)
        check_modes(self, fill_mode, interpolation)
        self.fill_mode, self.interpolation = fill_mode, interpolation
        self.fill_value, self.seed = fill_value, seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        size = (self._batch_size(shape), 1)
        height_zoom = self.uniform(size, 1.0 + self.height_lower, 1.0 + self.height_upper, seed)
        width_zoom = height_zoom
        if self.width_factor is not None:
            width_zoom = self.uniform(size, 1.0 + self.width_lower, 1.0 + self.width_upper, seed)
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "input_shape": shape}

    def zoom_matrix(self, zooms, height, width):
        zx, zy = zooms[:, 0:1], zooms[:, 1:2]
        zeros = ops.zeros_like(zx)
        x_offset = (width - 1.0) / 2.0 * (1.0 - zx)
        y_offset = (height - 1.0) / 2.0 * (1.0 - zy)
        return ops.concatenate([zx, zeros, x_offset, zeros, zy, y_offset, zeros, zeros], axis=1)

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        zooms = ops.cast(ops.concatenate([transformation["width_zoom"],
                                          transformation["height_zoom"]], axis=1), "float32")
        height, width = self._height_width(ops.shape(images))
        return ops.image.affine_transform(
            images, self.zoom_matrix(zooms, height, width), interpolation=self.interpolation,
            fill_mode=self.fill_mode, fill_value=self.fill_value, data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor,
                       "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                       "seed": self.seed, "fill_value": self.fill_value})
        return config
