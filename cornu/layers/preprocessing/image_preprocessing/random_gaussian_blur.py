"""``RandomGaussianBlur``: blurs images with a Gaussian kernel of random width."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._factors import bounded_range, odd_size_pair
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomGaussianBlur(BaseImagePreprocessingLayer):
    """Blurs each image, with a probability drawn from ``factor``, by a Gaussian kernel of
    ``kernel_size`` whose standard deviations (one for x, one for y, shared by the batch) are
    drawn from ``sigma``; the result is clipped to ``value_range``.

    Args:
        factor: the probability of blurring: ``f`` draws it from ``[0, f]``, a pair from
            ``(lower, upper)``, in [0, 1]. ``(1, 1)`` blurs every image.
        kernel_size: an odd int, or a pair ``(height, width)`` of odd ints.
        sigma: ``s`` for ``[0, s]`` or a pair, in [0, 1]; ``(s, s)`` fixes it.
        value_range: the range of the pixel values.
        data_format: "channels_last" or "channels_first".
        seed: an int for repeatable draws.

    Example:
        >>> import numpy as np, cornu
        >>> x = np.zeros((1, 5, 5, 1), "float32"); x[0, 2, 2, 0] = 100.0
        >>> layer = cornu.layers.RandomGaussianBlur(factor=(1, 1), sigma=(1, 1))
        >>> round(float(layer(x)[0, 2, 2, 0]), 2)  # 100 * 0.4519 ** 2 (3 taps, sigma 1)
        20.42
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = odd_size_pair(self, kernel_size, "kernel_size")
        self.sigma = bounded_range(self, sigma, "sigma")
        self.value_range = value_range
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        batch = self._batch_size(ops.shape(self._images_of(data)))
        probability = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        apply = self.uniform((batch,), 0.0, 1.0, seed) < probability
        sigma = self.uniform((2,), self.sigma[0], self.sigma[1], seed) + 1e-6
        return {"should_apply_blur": apply, "blur_factor": sigma}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        blurred = ops.image.gaussian_blur(images, kernel_size=self.kernel_size,
                                          sigma=transformation["blur_factor"],
                                          data_format=self.data_format)
        apply = ops.reshape(transformation["should_apply_blur"], (-1, 1, 1, 1))
        images = ops.where(apply, ops.cast(blurred, images.dtype), images)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "kernel_size": self.kernel_size,
                       "sigma": self.sigma, "value_range": self.value_range, "seed": self.seed})
        return config
