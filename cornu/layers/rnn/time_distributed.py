"""``TimeDistributed``: applies a layer to every time step of a sequence."""

from __future__ import annotations

import inspect

from cornu import ops
from cornu.layers.rnn.wrapper import Wrapper
from cornu.utils import tree


class TimeDistributed(Wrapper):
    """Applies ``layer`` independently to each step ``inputs[:, t]`` of a
    ``(batch, time, ...)`` input, with the same weights at every step.

    The steps are folded into the batch axis, so the wrapped layer runs once on
    ``(batch * time, ...)``.

    Args:
        layer: the layer (or model) to apply.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.TimeDistributed(cornu.layers.Dense(8))
        >>> layer(cornu.ops.ones((2, 10, 3))).shape
        torch.Size([2, 10, 8])
    """

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True
        params = inspect.signature(layer.call).parameters
        self._inner_training = "training" in params
        self._inner_mask = "mask" in params

    @staticmethod
    def _child_shape(input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "TimeDistributed expects inputs of rank >= 3 (batch, time, ...); got input "
                f"shape {input_shape}.")
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape) -> None:
        super().build(self._child_shape(tuple(input_shape)))

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(tuple(input_shape)))
        steps = input_shape[1]
        if _is_nested_shapes(child):
            return type(child)((s[0], steps, *s[1:]) for s in child)
        return (child[0], steps, *child[1:])

    def call(self, inputs, training=None, mask=None):
        shape = ops.shape(inputs)
        batch, steps = shape[0], shape[1]
        flat = ops.reshape(inputs, (batch * steps, *shape[2:]))
        kwargs = {}
        if self._inner_training:
            kwargs["training"] = training
        if self._inner_mask and mask is not None and len(ops.shape(mask)) > 2:
            kwargs["mask"] = ops.reshape(mask, (batch * steps, *ops.shape(mask)[2:]))
        outputs = self.layer(flat, **kwargs)
        return tree.map_structure(
            lambda o: ops.reshape(o, (batch, steps, *ops.shape(o)[1:])), outputs)


def _is_nested_shapes(shape) -> bool:
    return isinstance(shape, (list, tuple)) and bool(shape) and isinstance(shape[0], (list, tuple))
