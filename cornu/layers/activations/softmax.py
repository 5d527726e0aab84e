"""``Softmax``: the softmax activation as a layer, with an optional mask."""

from __future__ import annotations

from cornu import activations, ops
from cornu.layers.layer import Layer


class Softmax(Layer):
    """Softmax along ``axis``. Masked positions (``mask`` False or <= 0.5) get probability 0;
    the others share the probability mass.

    Args:
        axis: an axis or list of axes to normalize over.

    Call arguments:
        inputs: the logits.
        mask: optional mask broadcastable to ``inputs`` (each mask axis 1 or equal to the
            input's, counting from the right); True keeps a position.

    Example:
        >>> import cornu
        >>> x = cornu.ops.convert_to_tensor([[1.0, 1.0, 5.0]])
        >>> mask = cornu.ops.convert_to_tensor([[True, True, False]])
        >>> cornu.layers.Softmax()(x, mask=mask).tolist()
        [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = self._check_mask(inputs, mask)
            fill = -3e4 if ops.dtype(inputs) == "float16" else -1e9
            inputs = ops.where(mask, inputs, fill)
        if isinstance(self.axis, (list, tuple)) and len(self.axis) > 1:
            outputs = ops.exp(inputs - ops.logsumexp(inputs, axis=tuple(self.axis),
                                                     keepdims=True))
        else:
            axis = self.axis[0] if isinstance(self.axis, (list, tuple)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = ops.where(mask, outputs, 0.0)
        return outputs

    def _check_mask(self, inputs, mask):
        in_shape, m_shape = tuple(inputs.shape), tuple(mask.shape)
        bad = len(m_shape) > len(in_shape) or any(
            m != 1 and m != i for m, i in zip(reversed(m_shape), reversed(in_shape)))
        if bad:
            raise ValueError(
                f"Softmax '{self.name}': the mask must broadcast to the inputs (each mask axis "
                f"1 or equal to the input's, from the right); got mask shape {m_shape} and "
                f"input shape {in_shape}."
            )
        if ops.dtype(mask) != "bool":
            mask = ops.greater(mask, 0.5)
        return mask

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config
