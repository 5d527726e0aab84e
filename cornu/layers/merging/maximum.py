"""``Maximum`` and ``maximum()``: the element-wise maximum of a list of tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Maximum(Merge):
    """Takes the element-wise maximum of a list of tensors. Where an input is masked, the
    other inputs' values are used.

    Example:
        >>> import cornu
        >>> a = cornu.ops.convert_to_tensor([[1.0, 5.0]])
        >>> b = cornu.ops.convert_to_tensor([[3.0, 2.0]])
        >>> cornu.layers.Maximum()([a, b]).tolist()
        [[3.0, 5.0]]
    """

    def _merge_function(self, inputs):
        return self._masked_reduce(ops.maximum, inputs)


def maximum(inputs, **kwargs):
    """Functional form of ``Maximum``: ``maximum([x1, x2, ...])``.

    Args:
        inputs: a list of tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The element-wise maximum.

    Example:
        >>> import cornu
        >>> cornu.layers.maximum([cornu.ops.zeros((1, 1)), cornu.ops.ones((1, 1))]).tolist()
        [[1.0]]
    """
    return Maximum(**kwargs)(inputs)
