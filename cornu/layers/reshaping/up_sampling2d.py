"""``UpSampling2D``: enlarges images by repeating or interpolating pixels."""

from __future__ import annotations

from cornu.layers.reshaping._upsampling import BaseUpSampling


class UpSampling2D(BaseUpSampling):
    """Enlarges rows and columns by the factors ``size``.

    Args:
        size: an int or 2 ints, the row and column factors.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        interpolation: "nearest" (each pixel repeated), "bilinear" or "bicubic"
            (interpolated with half-pixel centers, as Keras's image resizing).

    Returns:
        ``(batch, rows * size[0], cols * size[1], channels)`` for channels_last.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.UpSampling2D((2, 3), interpolation="bilinear")
        >>> layer(cornu.Input(shape=(4, 4, 3))).shape
        (None, 8, 12, 3)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(2, size, data_format=data_format, interpolation=interpolation,
                         **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "interpolation": self.interpolation}
