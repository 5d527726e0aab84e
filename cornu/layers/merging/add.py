"""``Add`` and ``add()``: the element-wise sum of a list of tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Add(Merge):
    """Adds a list of tensors of compatible shapes element-wise.

    Example:
        >>> import cornu
        >>> a, b = cornu.ops.ones((2, 3)), cornu.ops.full((2, 3), 2.0)
        >>> cornu.layers.Add()([a, b])[0].tolist()
        [3.0, 3.0, 3.0]
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs, **kwargs):
    """Functional form of ``Add``: ``add([x1, x2, ...])``.

    Args:
        inputs: a list of tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The element-wise sum.

    Example:
        >>> import cornu
        >>> cornu.layers.add([cornu.ops.ones((1, 2)), cornu.ops.ones((1, 2))]).tolist()
        [[2.0, 2.0]]
    """
    return Add(**kwargs)(inputs)
