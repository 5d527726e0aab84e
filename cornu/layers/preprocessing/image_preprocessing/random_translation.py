"""``RandomTranslation``: shifts images by a random offset while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._geometry import check_modes, factor_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomTranslation(BaseImagePreprocessingLayer):
    """Shifts each image by fractions of its height and width drawn from the factors.

    Args:
        height_factor: ``f`` for ``[-f, f]`` or ``(lower, upper)``, fractions of the height in
            [-1, 1] (positive shifts down).
        width_factor: the same for the width (positive shifts right).
        fill_mode: "reflect", "wrap", "constant" or "nearest".
        interpolation: "bilinear" or "nearest".
        seed: an int for repeatable shifts.
        fill_value: the value outside the image with ``fill_mode="constant"``.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.RandomTranslation(0.0, (0.25, 0.25), fill_mode="constant")
        >>> layer(np.ones((1, 1, 4, 1), "float32"))[0, 0, :, 0].tolist()
        [0.0, 1.0, 1.0, 1.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = factor_range(self, height_factor,
                                                            "height_factor")
        self.width_lower, self.width_upper = factor_range(self, width_factor, "width_factor")
        check_modes(self, fill_mode, interpolation)
        self.fill_mode, self.interpolation = fill_mode, interpolation
        self.fill_value, self.seed = fill_value, seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        height, width = self._height_width(shape)
        dy = self.uniform((batch, 1), self.height_lower, self.height_upper, seed) * height
        dx = self.uniform((batch, 1), self.width_lower, self.width_upper, seed) * width
        return {"translations": ops.cast(ops.concatenate([dx, dy], axis=1), "float32"),
                "input_shape": shape}

    @staticmethod
    def translation_matrix(translations):
        dx, dy = translations[:, 0:1], translations[:, 1:2]
        zeros, ones = ops.zeros_like(dx), ops.ones_like(dx)
        return ops.concatenate([ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1)

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        return ops.image.affine_transform(
            images, self.translation_matrix(transformation["translations"]),
            interpolation=self.interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor,
                       "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                       "seed": self.seed, "fill_value": self.fill_value})
        return config
