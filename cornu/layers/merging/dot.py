"""``Dot`` and ``dot()``: per-sample dot products of two tensors."""

from __future__ import annotations

import string

from cornu import ops
from cornu.layers.merging.base_merge import Merge, _check_shape_list, _check_tensor_list


class Dot(Merge):
    """The dot product of two batched tensors, sample by sample, over ``axes``.

    For inputs of shapes ``(batch, n)`` and ``(batch, n)`` the output has shape
    ``(batch, 1)``; in general the output keeps the non-contracted axes of the first input
    followed by those of the second.

    Args:
        axes: an int, or a pair of ints (one axis per input), to contract (not 0).
        normalize: L2-normalize both inputs along ``axes`` first, giving cosine
            similarities.

    Example:
        >>> import cornu
        >>> a = cornu.ops.convert_to_tensor([[1.0, 2.0]])
        >>> b = cornu.ops.convert_to_tensor([[3.0, 4.0]])
        >>> cornu.layers.Dot(axes=1)([a, b]).tolist()
        [[11.0]]
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)) or len(axes) != 2 or not all(
                    isinstance(a, int) for a in axes):
                raise ValueError(
                    "Dot: `axes` must be an int or a list of two ints, got "
                    f"axes={axes!r}."
                )
            axes = list(axes)
        self.axes = axes
        self.normalize = normalize
        self._equations = {}

    def _axes_for(self, rank1: int, rank2: int) -> list:
        axes = [self.axes, self.axes] if isinstance(self.axes, int) else self.axes
        return [axes[0] % rank1, axes[1] % rank2]

    def build(self, input_shape) -> None:
        _check_shape_list(self, input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"Dot '{self.name}' must be called on a list of 2 inputs, got "
                f"{len(input_shape)} (shapes {list(input_shape)})."
            )
        shape1, shape2 = input_shape
        a0, a1 = self._axes_for(len(shape1), len(shape2))
        if 0 in (a0, a1) or min(len(shape1), len(shape2)) < 2:
            raise ValueError(
                f"Dot '{self.name}': the inputs must have rank >= 2 and the dot axes cannot "
                f"be the batch axis; got shapes {list(input_shape)} with axes={self.axes}."
            )
        d1, d2 = shape1[a0], shape2[a1]
        if d1 is not None and d2 is not None and d1 != d2:
            raise ValueError(
                f"Dot '{self.name}': incompatible sizes along the dot axes: {d1} (axis {a0} of "
                f"{tuple(shape1)}) != {d2} (axis {a1} of {tuple(shape2)})."
            )
        self.built = True

    def call(self, inputs):
        _check_tensor_list(self, inputs)
        if len(inputs) != 2:
            raise ValueError(f"Dot '{self.name}' must be called on exactly 2 inputs.")
        x1, x2 = inputs
        rank1, rank2 = len(x1.shape), len(x2.shape)
        a0, a1 = self._axes_for(rank1, rank2)
        if self.normalize:
            x1 = ops.normalize(x1, axis=a0)
            x2 = ops.normalize(x2, axis=a1)
        key = (rank1, rank2)
        equation = self._equations.get(key)
        if equation is None:
            equation = self._equations[key] = _batch_dot_equation(rank1, rank2, a0, a1)
        out = ops.einsum(equation, x1, x2)
        if rank1 == 2 and rank2 == 2:
            out = ops.expand_dims(out, -1)
        return out

    def compute_output_shape(self, input_shape):
        _check_shape_list(self, input_shape)
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        a0, a1 = self._axes_for(len(shape1), len(shape2))
        shape1.pop(a0)
        shape2.pop(a1)
        out = shape1 + shape2[1:]
        return tuple(out + [1] if len(out) == 1 else out)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def _batch_dot_equation(rank1: int, rank2: int, a0: int, a1: int) -> str:
    """The einsum equation contracting axis ``a0`` of x with ``a1`` of y, per sample."""
    free = iter(string.ascii_letters[2:])
    x = ["a"] + [next(free) for _ in range(rank1 - 1)]
    y = ["a"] + [next(free) for _ in range(rank2 - 1)]
    x[a0] = y[a1] = "b"
    out = ["a"] + [c for i, c in enumerate(x) if i not in (0, a0)] + [
        c for i, c in enumerate(y) if i not in (0, a1)]
    return f"{''.join(x)},{''.join(y)}->{''.join(out)}"


def dot(inputs, axes=-1, **kwargs):
    """Functional form of ``Dot``: ``dot([x1, x2], axes)``.

    Args:
        inputs: a list of two tensors.
        axes: the axis or pair of axes to contract.
        **kwargs: layer arguments (``normalize``, ``name``, ...).

    Returns:
        The per-sample dot products.

    Example:
        >>> import cornu
        >>> a = cornu.ops.ones((2, 3))
        >>> cornu.layers.dot([a, a], axes=1).tolist()
        [[3.0], [3.0]]
    """
    return Dot(axes=axes, **kwargs)(inputs)
