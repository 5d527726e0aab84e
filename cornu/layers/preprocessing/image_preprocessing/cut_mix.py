"""``CutMix``: pastes a random box of another image of the batch into each image."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._boxes import box_masks, crop_bounds
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class CutMix(BaseImagePreprocessingLayer):
    """While training, replaces a random box of each image by the same box of another image of
    the batch (a random permutation); the labels (dict input ``{"images", "labels"}``,
    one-hot) are mixed in proportion to the pasted area.

    The box covers a fraction ``1 - w`` of the image with ``w ~ Beta(a, a)`` and ``a`` drawn
    from ``factor``.

    Args:
        factor: ``f`` for ``a`` in ``[0, f]``, or a pair ``(lower, upper)``, in [0, 1].
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> images = np.stack([np.zeros((8, 8, 3)), np.ones((8, 8, 3))]).astype("float32")
        >>> out = cornu.layers.CutMix(seed=1)({"images": images, "labels": np.eye(2)})
        >>> labels = out["labels"].numpy()
        >>> bool(np.allclose(labels.sum(1), 1.0))
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = ops.shape(self._images_of(data))
        batch = self._batch_size(shape)
        height, width = self._height_width(shape)
        alpha = float(self.uniform((), self.factor[0], self.factor[1], seed)) + 1e-6
        weight = backend.random.beta((batch,), alpha, alpha, dtype="float32",
                                     seed=seed if seed is not None else self._seeds_next())
        ratio = ops.sqrt(1.0 - weight)
        x0, x1 = crop_bounds(self, batch, width, ratio, seed)
        y0, y1 = crop_bounds(self, batch, height, ratio, seed)
        order = backend.random.shuffle(ops.arange(batch, dtype="int32"),
                                       seed=seed if seed is not None else self._seeds_next())
        return {"permutation_order": order, "batch_masks": box_masks(self, shape, x0, x1, y0, y1),
                "mix_weight": 1.0 - (x1 - x0) * (y1 - y0) / (width * height)}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        other = ops.take(images, transformation["permutation_order"], axis=0)
        return ops.where(transformation["batch_masks"], other, images)

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        labels = ops.cast(labels, self.compute_dtype)
        weight = ops.cast(ops.reshape(transformation["mix_weight"], (-1, 1)), labels.dtype)
        other = ops.take(labels, transformation["permutation_order"], axis=0)
        return weight * labels + (1.0 - weight) * other

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
