"""``Multiply`` and ``multiply()``: the element-wise product of a list of tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge, _mask_of


class Multiply(Merge):
    """Multiplies a list of tensors element-wise. Masked entries count as 1; when every
    input is masked, entries masked in all inputs are 0 in the output.

    Example:
        >>> import cornu
        >>> a, b = cornu.ops.full((1, 2), 2.0), cornu.ops.full((1, 2), 3.0)
        >>> cornu.layers.Multiply()([a, b]).tolist()
        [[6.0, 6.0]]
    """

    def _merge_function(self, inputs):
        masks = [_mask_of(x) for x in inputs]
        all_masked = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                x = ops.where(mask, x, ops.cast(1, ops.dtype(x)))
                if all_masked:
                    output_mask = mask if output_mask is None else ops.logical_or(
                        output_mask, mask)
            output = x if output is None else ops.multiply(output, x)
        if all_masked:
            output = ops.where(output_mask, output, ops.cast(0, ops.dtype(output)))
        return output


def multiply(inputs, **kwargs):
    """Functional form of ``Multiply``: ``multiply([x1, x2, ...])``.

    Args:
        inputs: a list of tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The element-wise product.

    Example:
        >>> import cornu
        >>> cornu.layers.multiply([cornu.ops.ones((1, 1)), cornu.ops.zeros((1, 1))]).tolist()
        [[0.0]]
    """
    return Multiply(**kwargs)(inputs)
