"""``Equalization``: histogram equalization of each colour channel."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing._value_range import check_value_range
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def _linear(x, source, target):
    """Maps ``source`` onto ``target`` as ``x * scale + offset`` (Keras's rounding)."""
    scale = (target[1] - target[0]) / (source[1] - source[0])
    return x * scale + (target[0] - source[0] * scale)


class Equalization(BaseImagePreprocessingLayer):
    """Spreads the values of each channel over the full range by mapping them through their
    cumulative histogram (``bins`` bins on a 0-255 scale). As Keras, the histogram of a
    channel is taken over the whole batch, a channel with a single non-empty bin is left as
    it is, and the layer acts only while training (``training=False`` returns the input).

    Args:
        value_range: the range of the pixel values.
        bins: the number of histogram bins.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.array([50.0, 60.0, 60.0, 70.0], "float32").reshape(1, 2, 2, 1)
        >>> cornu.layers.Equalization()(x)[0, :, :, 0].tolist()
        [[0.0, 170.0], [170.0, 255.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(bins, int) or bins < 2:
            raise ValueError(f"Equalization: `bins` must be an integer >= 2, got bins={bins!r}.")
        self.bins = bins
        self.value_range = check_value_range(self, value_range)

    def _equalize(self, channel):
        """One channel of the batch, on a 0-255 scale."""
        bins = self.bins
        index = ops.clip(ops.cast(channel * (bins - 1) / 255.0, "int32"), 0, bins - 1)
        hist = ops.bincount(ops.reshape(index, (-1,)), minlength=bins)
        cdf = ops.cumsum(hist)
        cdf_min = ops.min(ops.where(cdf > 0, cdf, cdf[-1]))
        span = cdf[-1] - cdf_min
        span = ops.where(span == 0, ops.ones_like(span), span)
        table = ops.clip(ops.round((cdf - cdf_min) * 255 / span), 0, 255)
        index = ops.cast(ops.clip(channel / 255.0 * (bins - 1), 0, bins - 1), "int32")
        out = ops.cast(ops.take(table, index), channel.dtype)
        return ops.where(ops.count_nonzero(hist) <= 1, channel, out)

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training:
            return images
        axis = -1 if self.data_format == "channels_last" else 1
        x = _linear(images, self.value_range, (0, 255))
        channels = [self._equalize(ops.take(x, c, axis=axis))
                    for c in range(ops.shape(x)[axis])]
        return self._cast(_linear(ops.stack(channels, axis=axis), (0, 255), self.value_range))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"bins": self.bins, "value_range": self.value_range})
        return config
