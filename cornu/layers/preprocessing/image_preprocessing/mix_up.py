"""``MixUp``: blends each image (and its label) with another image of the batch."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class MixUp(BaseImagePreprocessingLayer):
    """While training, replaces each sample by ``w * x + (1 - w) * x[perm]`` with a random
    permutation of the batch and ``w ~ Beta(alpha, alpha)``; labels (dict input
    ``{"images", "labels"}``, one-hot) are mixed the same way.

    Args:
        alpha: the Beta distribution's parameter.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable mixing.

    Example:
        >>> import numpy as np, cornu
        >>> out = cornu.layers.MixUp(seed=0)({"images": np.ones((4, 2, 2, 3), "float32"),
        ...                                   "labels": np.eye(4, dtype="float32")})
        >>> out["images"].shape, [round(float(s), 4) for s in out["labels"].sum(1)]
        (torch.Size([4, 2, 2, 3]), [1.0, 1.0, 1.0, 1.0])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.alpha, self.seed = alpha, seed

    def get_random_transformation(self, data, training=True, seed=None):
        batch = self._batch_size(ops.shape(self._images_of(data)))
        seed = seed if seed is not None else self._seeds_next()
        order = backend.random.shuffle(ops.arange(batch, dtype="int64"), seed=seed)
        weight = backend.random.beta((batch,), self.alpha, self.alpha, seed=seed)
        return {"mix_weight": weight, "permutation_order": order}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = self._cast(images)
        w = ops.cast(ops.reshape(transformation["mix_weight"], (-1, 1, 1, 1)), images.dtype)
        other = ops.take(images, transformation["permutation_order"], axis=0)
        return w * images + (1.0 - w) * other

    def transform_labels(self, labels, transformation, training=True):
        if not training:
            return labels
        labels = ops.cast(labels, self.compute_dtype)
        w = ops.cast(ops.reshape(transformation["mix_weight"], (-1, 1)), labels.dtype)
        other = ops.take(labels, transformation["permutation_order"], axis=0)
        return w * labels + (1.0 - w) * other

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config
