"""``Rescaling``: ``inputs * scale + offset`` (e.g. pixels from [0, 255] to [0, 1])."""

from __future__ import annotations

import numpy as np

from cornu import backend, ops
from cornu.layers.preprocessing.data_layer import DataLayer


def _plain(value):
    return value if isinstance(value, (int, float)) else np.asarray(value).tolist()


class Rescaling(DataLayer):
    """Multiplies the inputs by ``scale`` and adds ``offset``, at training and inference.

    Args:
        scale: a number, or one number per channel.
        offset: a number, or one number per channel.
        **kwargs: base layer arguments.

    Example:
        >>> import numpy as np, cornu
        >>> cornu.layers.Rescaling(1 / 127.5, offset=-1)(np.array([0.0, 255.0])).tolist()
        [-1.0, 1.0]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset
        self.supports_masking = True

    def _param(self, value):
        value = ops.cast(ops.convert_to_tensor(np.asarray(value)), self.compute_dtype)
        shape = ops.shape(value)
        if shape and backend.image_data_format() == "channels_first":
            value = ops.reshape(value, shape + (1,) * (3 - len(shape)))
        return value

    def call(self, inputs):
        return ops.cast(inputs, self.compute_dtype) * self._param(self.scale) + self._param(
            self.offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": _plain(self.scale), "offset": _plain(self.offset)})
        return config
