"""``RandomFlip``: flips images left-right and/or up-down at random while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

HORIZONTAL, VERTICAL = "horizontal", "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image with probability 0.5 (one draw per image for both axes).

    Args:
        mode: "horizontal", "vertical" or "horizontal_and_vertical".
        seed: an int for repeatable flips.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
        >>> y = cornu.layers.RandomFlip("horizontal", seed=1)(x, training=False)
        >>> y[0, 0, :, 0].tolist()
        [0.0, 1.0, 2.0, 3.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(
                f"RandomFlip: `mode` must be 'horizontal', 'vertical' or "
                f"'horizontal_and_vertical', got mode={mode!r}."
            )
        self.mode = mode
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        draws = self.uniform((self._batch_size(shape), 1, 1, 1), seed=seed)
        return {"flips": draws <= 0.5, "input_shape": shape}

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        flips = transformation["flips"]
        h_axis, w_axis = self._hw_axes
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=w_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=h_axis), images)
        return images

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"mode": self.mode, "seed": self.seed})
        return config
