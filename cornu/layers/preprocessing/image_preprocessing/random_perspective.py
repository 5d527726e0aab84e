"""``RandomPerspective``: moves the corners of images at random (a projective warp)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._geometry import INTERPOLATIONS
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomPerspective(BaseImagePreprocessingLayer):
    """Warps each image, with a probability drawn from ``factor``, by the perspective transform
    that moves its four corners by up to ``scale / 2`` of their coordinates; points outside
    the image take ``fill_value``.

    Args:
        factor: the probability of warping: ``f`` draws it from ``[0, f]``, a pair from
            ``(lower, upper)``, in [0, 1].
        scale: how far the corners move, in [0, 1].
        interpolation: "bilinear" or "nearest".
        fill_value: the value of points outside the image.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(2, 8, 8, 3).astype("float32")
        >>> layer = cornu.layers.RandomPerspective(scale=0.0)  # corners stay: the identity
        >>> bool(np.allclose(layer(x), x, atol=1e-5))
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        if not isinstance(scale, (int, float)) or not 0.0 <= scale <= 1.0:
            raise ValueError(f"RandomPerspective: `scale` must be a number in [0, 1], got "
                             f"scale={scale!r}.")
        if interpolation not in INTERPOLATIONS:
            raise NotImplementedError(
                f"RandomPerspective: unknown interpolation={interpolation!r}; expected one of "
                f"{INTERPOLATIONS}."
            )
        self.scale = scale
        self.interpolation = interpolation
        self.fill_value = fill_value
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        height, width = self._height_width(shape)
        probability = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        apply = self.uniform((batch,), 0.0, 1.0, seed) < probability
        moves = self.uniform((batch, 4, 2), -0.5 * self.scale, 0.5 * self.scale, seed)
        corners = [[0.0, 0.0], [width - 1.0, 0.0], [0.0, height - 1.0],
                   [width - 1.0, height - 1.0]]
        start = ops.repeat(ops.convert_to_tensor([corners], dtype="float32"), batch, axis=0)
        return {"apply_perspective": apply, "start_points": start,
                "end_points": start + start * moves, "input_shape": shape}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        warped = ops.image.perspective_transform(
            images, transformation["start_points"], transformation["end_points"],
            interpolation=self.interpolation, fill_value=self.fill_value,
            data_format=self.data_format)
        apply = ops.reshape(transformation["apply_perspective"], (-1, 1, 1, 1))
        return ops.where(apply, ops.cast(warped, images.dtype), images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale,
                       "interpolation": self.interpolation, "fill_value": self.fill_value,
                       "seed": self.seed})
        return config
