"""``UpSampling1D``: repeats each step of a sequence."""

from __future__ import annotations

from cornu import ops
from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class UpSampling1D(Layer):
    """Repeats each step ``size`` times along the time axis of ``(batch, steps, features)``.

    Args:
        size: a positive int, the repetition factor. (Keras 1: ``length=``.)

    Returns:
        ``(batch, steps * size, features)``.

    Example:
        >>> import cornu
        >>> cornu.layers.UpSampling1D(3)(cornu.Input(shape=(4, 2))).shape
        (None, 12, 2)
    """

    def __init__(self, size=2, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs, {"length": "size"})
        size = kwargs.pop("size", size)
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ValueError(
                f"UpSampling1D '{self.name}': `size` must be a positive int, got {size!r}."
            )
        self.size = size
        self.input_spec = InputSpec(ndim=3)
        self.built = True

    def call(self, inputs):
        return ops.repeat(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])

    def get_config(self) -> dict:
        config = _utils.clean_config(super().get_config())
        config["size"] = self.size
        return config
