"""``RandomElasticTransform``: warps images along a smooth random displacement field."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._factors import bounded_range
from cornu.layers.preprocessing.image_preprocessing._geometry import INTERPOLATIONS
from cornu.layers.preprocessing.image_preprocessing._sampling import FILL_MODES, sample_nhwc
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomElasticTransform(BaseImagePreprocessingLayer):
    """Moves each pixel, with a probability drawn from ``factor``, along a random displacement
    field: Gaussian noise smoothed by a Gaussian blur of width ``sigma`` and scaled by
    ``alpha``, where ``alpha = 0.1 * d * max(height, width)`` and
    ``sigma = 0.05 * d * min(height, width)`` for a distortion ``d`` drawn from ``scale``
    (Keras's parametrization). The result is clipped to ``value_range``.

    Args:
        factor: the probability of warping: ``f`` draws it from ``[0, f]``, a pair from
            ``(lower, upper)``, in [0, 1].
        scale: the distortion ``d``: a number for ``[0, d]`` or a pair, in [0, 1].
        interpolation: "bilinear" or "nearest".
        fill_mode: "reflect", "wrap", "constant", "nearest" or "mirror".
        fill_value: the value outside the image with ``fill_mode="constant"``.
        value_range: the range of the pixel values.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.random.rand(2, 16, 16, 3).astype("float32")
        >>> layer = cornu.layers.RandomElasticTransform(factor=(1, 1), value_range=(0, 1))
        >>> y = layer(x)
        >>> tuple(y.shape), bool(np.abs(y.numpy() - x).max() > 0)
        ((2, 16, 16, 3), True)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = bounded_range(self, scale, "scale")
        if interpolation not in INTERPOLATIONS:
            raise NotImplementedError(
                f"RandomElasticTransform: unknown interpolation={interpolation!r}; expected "
                f"one of {INTERPOLATIONS}."
            )
        if fill_mode not in FILL_MODES:
            raise NotImplementedError(
                f"RandomElasticTransform: unknown fill_mode={fill_mode!r}; expected one of "
                f"{FILL_MODES}."
            )
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = value_range
        self.seed = seed

    def get_random_transformation(self, data, training=True, seed=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        batch = self._batch_size(ops.shape(self._images_of(data)))
        probability = self.uniform((batch,), self.factor[0], self.factor[1], seed)
        apply = self.uniform((batch,), 0.0, 1.0, seed) < probability
        distortion = self.uniform((), self.scale[0], self.scale[1], seed)
        # The noise fields are drawn in transform_images from this seed (None: unseeded).
        noise_seed = seed if isinstance(seed, int) else self._seeds_next()
        return {"apply_transform": apply, "distortion_factor": distortion, "seed": noise_seed}

    def _displacements(self, batch, height, width, distortion, seed):
        alpha = max(height, width) * 0.1 * distortion
        sigma = min(height, width) * 0.05 * distortion
        size = int(6 * sigma) | 1
        fields = []
        for i in range(2):
            draw_seed = None if seed is None else seed + i * 7919
            noise = backend.random.normal((batch, height, width, 1), dtype="float32",
                                          seed=draw_seed) * sigma
            noise = ops.image.gaussian_blur(noise, kernel_size=(size, size),
                                            sigma=(sigma, sigma), data_format="channels_last")
            fields.append(noise[..., 0] * alpha)
        return fields

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        nhwc = images if self.data_format == "channels_last" else ops.transpose(
            images, (0, 2, 3, 1))
        batch, height, width, _ = ops.shape(nhwc)
        seed = transformation.get("seed")
        distortion = float(transformation["distortion_factor"])
        dx, dy = self._displacements(batch, height, width, distortion,
                                     seed if isinstance(seed, int) else None)
        ys = ops.reshape(ops.arange(height, dtype="float32"), (1, height, 1))
        xs = ops.reshape(ops.arange(width, dtype="float32"), (1, 1, width))
        out = sample_nhwc(ops.cast(nhwc, "float32"), ys + dy, xs + dx, self.interpolation,
                          self.fill_mode, self.fill_value)
        if self.data_format == "channels_first":
            out = ops.transpose(out, (0, 3, 1, 2))
        apply = ops.reshape(transformation["apply_transform"], (-1, 1, 1, 1))
        out = ops.where(apply, ops.cast(out, images.dtype), images)
        return ops.clip(out, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale,
                       "interpolation": self.interpolation, "fill_mode": self.fill_mode,
                       "fill_value": self.fill_value, "value_range": self.value_range,
                       "seed": self.seed})
        return config
