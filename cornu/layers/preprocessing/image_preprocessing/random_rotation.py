"""``RandomRotation``: rotates images by a random angle while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._geometry import check_modes
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomRotation(BaseImagePreprocessingLayer):
    """Rotates each image about its centre by an angle drawn from ``factor * 2π``.

    Args:
        factor: a fraction of a full turn: ``f`` for ``[-f, f]`` or ``(lower, upper)``
            (positive values rotate counter-clockwise).
        fill_mode: how to fill points outside the image: "reflect", "wrap", "constant" or
            "nearest".
        interpolation: "bilinear" or "nearest".
        seed: an int for repeatable rotations.
        fill_value: the value outside the image with ``fill_mode="constant"``.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.RandomRotation((0.25, 0.25), fill_mode="constant")
        >>> x = np.eye(3, dtype="float32").reshape(1, 3, 3, 1)
        >>> layer(x)[0, :, :, 0].round().tolist()
        [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        check_modes(self, fill_mode, interpolation)
        self.seed = seed
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        height, width = self._height_width(shape)
        angle = self.uniform((batch,), self.factor[0] * 360.0, self.factor[1] * 360.0, seed)
        zeros, ones = ops.zeros((batch,)), ops.ones((batch,))
        matrix = self.affine_matrix(angle, zeros, zeros, ones, zeros, zeros, height, width)
        return {"angle": angle, "rotation_matrix": matrix, "image_height": height,
                "image_width": width, "batch_size": batch}

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        return ops.image.affine_transform(
            images, transformation["rotation_matrix"], interpolation=self.interpolation,
            fill_mode=self.fill_mode, fill_value=self.fill_value, data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "fill_mode": self.fill_mode,
                       "fill_value": self.fill_value, "interpolation": self.interpolation,
                       "seed": self.seed})
        return config
