"""``Solarization``: inverts the pixels above a random threshold while training."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def _unit_range(layer, factor, name):
    def check(v):
        if not 0 <= v <= 1:
            raise ValueError(f"{type(layer).__name__}: `{name}` must be a number or a pair in "
                             f"[0, 1], got {name}={factor!r}.")

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(f"{type(layer).__name__}: `{name}` must be a pair, got {factor!r}.")
        check(factor[0])
        check(factor[1])
        return tuple(sorted(factor))
    check(factor)
    return (0, factor)


class Solarization(BaseImagePreprocessingLayer):
    """Adds a random amount to every pixel (on a 0-255 scale), then inverts (``255 - x``) the
    pixels at or above a random threshold.

    Args:
        addition_factor: the amount added, as a fraction of 255: ``f`` for ``[0, f]`` or a
            pair in [0, 1].
        threshold_factor: the threshold, as a fraction of 255, the same way.
        value_range: the range of the pixel values.
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.Solarization()  # threshold 0: every pixel is inverted
        >>> layer(np.array([[[[100.0], [200.0]]]], "float32")).tolist()
        [[[[155.0], [55.0]]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.addition_factor = _unit_range(self, addition_factor, "addition_factor")
        self.threshold_factor = _unit_range(self, threshold_factor, "threshold_factor")
        self.value_range = check_value_range(self, value_range)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        size = (self._batch_size(shape), 1, 1, 1)
        add, thr = self.addition_factor, self.threshold_factor
        return {"additions": self.uniform(size, add[0], add[1] * 255, seed),
                "thresholds": self.uniform(size, thr[0], thr[1] * 255, seed)}

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        x = self._rescale(images, self.value_range, (0, 255))
        x = ops.clip(x + transformation["additions"], 0, 255)
        x = ops.where(x < transformation["thresholds"], x, 255 - x)
        return self._rescale(x, (0, 255), self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "addition_factor": self.addition_factor,
                       "threshold_factor": self.threshold_factor, "seed": self.seed})
        return config
