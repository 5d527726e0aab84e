"""``Minimum`` and ``minimum()``: the element-wise minimum of a list of tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Takes the element-wise minimum of a list of tensors. Where an input is masked, the
    other inputs' values are used.

    Example:
        >>> import cornu
        >>> a = cornu.ops.convert_to_tensor([[1.0, 5.0]])
        >>> b = cornu.ops.convert_to_tensor([[3.0, 2.0]])
        >>> cornu.layers.Minimum()([a, b]).tolist()
        [[1.0, 2.0]]
    """

    def _merge_function(self, inputs):
        return self._masked_reduce(ops.minimum, inputs)


def minimum(inputs, **kwargs):
    """Functional form of ``Minimum``: ``minimum([x1, x2, ...])``.

    Args:
        inputs: a list of tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The element-wise minimum.

    Example:
        >>> import cornu
        >>> cornu.layers.minimum([cornu.ops.zeros((1, 1)), cornu.ops.ones((1, 1))]).tolist()
        [[0.0]]
    """
    return Minimum(**kwargs)(inputs)
