"""``BaseUpSampling``: repeats (or interpolates) spatial axes by integer factors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer

INTERPOLATIONS = ("nearest", "bilinear", "bicubic")


class BaseUpSampling(Layer):
    """Enlarges ``rank`` spatial axes by the factors ``size``.

    Args:
        rank: the number of spatial axes (2 or 3; ``UpSampling1D`` repeats directly).
        size: an int or ``rank`` positive ints.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        interpolation: "nearest" (repeat each element) or, for 2-D, "bilinear"/"bicubic".
    """

    def __init__(self, rank: int, size, data_format=None, interpolation="nearest", **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        data_format = kwargs.pop("data_format", data_format)
        super().__init__(**kwargs)
        self.rank = rank
        self.size = _utils.standardize_tuple(size, rank, "size")
        self.data_format = _utils.data_format(data_format)
        self.interpolation = str(interpolation).lower()
        if self.interpolation not in INTERPOLATIONS:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `interpolation` must be one of "
                f"{INTERPOLATIONS}, got {interpolation!r}."
            )
        self.input_spec = InputSpec(ndim=rank + 2)
        self.built = True

    def call(self, inputs):
        return ops.upsample(inputs, self.size, self.interpolation, self.data_format)

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        spatial = _utils.spatial_shape(input_shape, last)
        out = tuple(None if n is None else n * f for n, f in zip(spatial, self.size))
        channels = input_shape[-1] if last else input_shape[1]
        return _utils.with_spatial(input_shape, out, channels, last)

    def get_config(self) -> dict:
        config = _utils.clean_config(super().get_config())
        config.update({"size": self.size, "data_format": self.data_format})
        return config
