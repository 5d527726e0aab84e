"""``Average`` and ``average()``: the element-wise mean of a list of tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of tensors of compatible shapes element-wise.

    Example:
        >>> import cornu
        >>> a, b = cornu.ops.ones((1, 2)), cornu.ops.full((1, 2), 3.0)
        >>> cornu.layers.Average()([a, b]).tolist()
        [[2.0, 2.0]]
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional form of ``Average``: ``average([x1, x2, ...])``.

    Args:
        inputs: a list of tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The element-wise mean.

    Example:
        >>> import cornu
        >>> cornu.layers.average([cornu.ops.zeros((1, 1)), cornu.ops.ones((1, 1))]).tolist()
        [[0.5]]
    """
    return Average(**kwargs)(inputs)
