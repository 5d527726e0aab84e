"""``SpatialDropout1D/2D/3D``: dropout of whole feature maps."""

from __future__ import annotations

from cornu import backend
from cornu.layers.core.dropout import Dropout
from cornu.layers.input_spec import InputSpec


class BaseSpatialDropout(Dropout):
    """Drops whole channels: the keep/drop decision is shared over the spatial axes."""

    _rank = 3

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = InputSpec(ndim=self._rank)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        seed = None
        if self.seed is not None:
            self._seed_state = self._seed_state + 1
            seed = self._seed_state
        return backend.random.dropout(inputs, self.rate, self._noise_shape(inputs.shape), seed)

    def _noise_shape(self, shape) -> tuple:
        raise NotImplementedError

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("noise_shape", None)
        return config


class SpatialDropout1D(BaseSpatialDropout):
    """Dropout that zeroes entire channels of ``(batch, steps, channels)`` inputs (scaling
    the others by ``1 / (1 - rate)``) during training; identity at inference.

    Args:
        rate: the fraction of channels to drop, in [0, 1).
        seed: an int for repeatable masks.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((2, 5, 3))
        >>> y = cornu.layers.SpatialDropout1D(0.5, seed=1)(x, training=True)
        >>> bool((y.std(dim=1) == 0).all())  # each channel is all kept or all dropped
        True
    """

    _rank = 3

    def _noise_shape(self, shape) -> tuple:
        return (shape[0], 1, shape[2])


class _SpatialDropoutND(BaseSpatialDropout):
    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = backend.standardize_data_format(data_format)

    def _noise_shape(self, shape) -> tuple:
        ones = (1,) * (self._rank - 2)
        if self.data_format == "channels_first":
            return (shape[0], shape[1], *ones)
        return (shape[0], *ones, shape[-1])

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class SpatialDropout2D(_SpatialDropoutND):
    """Dropout of entire 2D feature maps of 4D inputs, during training only.

    Args:
        rate: the fraction of channels to drop, in [0, 1).
        data_format: ``"channels_last"`` (batch, rows, cols, channels) or
            ``"channels_first"``; default ``image_data_format()``.
        seed: an int for repeatable masks.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((2, 4, 4, 3))
        >>> cornu.layers.SpatialDropout2D(0.5)(x, training=False).shape
        torch.Size([2, 4, 4, 3])
    """

    _rank = 4


class SpatialDropout3D(_SpatialDropoutND):
    """Dropout of entire 3D feature maps of 5D inputs, during training only.

    Args:
        rate: the fraction of channels to drop, in [0, 1).
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.
        seed: an int for repeatable masks.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((1, 2, 2, 2, 3))
        >>> cornu.layers.SpatialDropout3D(0.5)(x).shape
        torch.Size([1, 2, 2, 2, 3])
    """

    _rank = 5
