"""``RandomShear``: shears images along x and/or y by random amounts while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._geometry import check_modes, factor_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomShear(BaseImagePreprocessingLayer):
    """Shears each image: output pixel (x, y) reads input (x + sx * y, y + sy * x), with
    shear amounts drawn from the factors and a random sign.

    Args:
        x_factor: ``f`` for ``[-f, f]`` or ``(lower, upper)``, values in [0, 1].
        y_factor: the same for the vertical shear.
        interpolation: "bilinear" or "nearest".
        fill_mode: "reflect", "wrap", "constant" or "nearest".
        fill_value: the value outside the image with ``fill_mode="constant"``.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable shears.

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.RandomShear(0.3, seed=0)(np.ones((2, 5, 5, 3), "float32")).shape
        torch.Size([2, 5, 5, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = factor_range(self, x_factor, "x_factor", low=0.0)
        self.y_factor = factor_range(self, y_factor, "y_factor", low=0.0)
        check_modes(self, fill_mode, interpolation)
        self.fill_mode, self.fill_value = fill_mode, fill_value
        self.interpolation, self.seed = interpolation, seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        sign = ops.where(self.uniform((batch, 1), 0, 1, seed) > 0.5, -1.0, 1.0)
        shear_y = self.uniform((batch, 1), self.y_factor[0], self.y_factor[1], seed)
        shear_x = self.uniform((batch, 1), self.x_factor[0], self.x_factor[1], seed)
        return {"shear_factor": ops.concatenate([shear_x, shear_y], axis=1) * sign,
                "input_shape": shape}

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        s = transformation["shear_factor"]
        ones, zeros = ops.ones_like(s[:, 0]), ops.zeros_like(s[:, 0])
        matrix = ops.stack([ones, s[:, 0], zeros, s[:, 1], ones, zeros, zeros, zeros], axis=1)
        return ops.image.affine_transform(images, matrix, interpolation=self.interpolation,
                                          fill_mode=self.fill_mode, fill_value=self.fill_value,
                                          data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"x_factor": self.x_factor, "y_factor": self.y_factor,
                       "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                       "seed": self.seed, "fill_value": self.fill_value})
        return config
