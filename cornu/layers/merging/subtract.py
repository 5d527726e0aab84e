"""``Subtract`` and ``subtract()``: the difference of exactly two tensors."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Computes ``inputs[0] - inputs[1]`` for a list of exactly two tensors.

    Example:
        >>> import cornu
        >>> a, b = cornu.ops.full((1, 2), 5.0), cornu.ops.ones((1, 2))
        >>> cornu.layers.Subtract()([a, b]).tolist()
        [[4.0, 4.0]]
    """

    def build(self, input_shape) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"Subtract '{self.name}' must be called on exactly 2 inputs, got "
                f"{len(input_shape)} (shapes {list(input_shape)})."
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"Subtract '{self.name}' must be called on exactly 2 inputs, got "
                f"{len(inputs)}."
            )
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs, **kwargs):
    """Functional form of ``Subtract``: ``subtract([x1, x2])`` is ``x1 - x2``.

    Args:
        inputs: a list of two tensors.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The difference.

    Example:
        >>> import cornu
        >>> cornu.layers.subtract([cornu.ops.ones((1, 1)), cornu.ops.ones((1, 1))]).tolist()
        [[0.0]]
    """
    return Subtract(**kwargs)(inputs)
