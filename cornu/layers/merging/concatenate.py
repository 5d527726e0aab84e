"""``Concatenate`` and ``concatenate()``: joins a list of tensors along one axis."""

from __future__ import annotations

from cornu import ops
from cornu.layers.merging.base_merge import Merge, _check_shape_list, _check_tensor_list


class Concatenate(Merge):
    """Concatenates a list of tensors along ``axis``; all other axes must match.

    Masks are concatenated too: an input without a mask counts as unmasked.

    Args:
        axis: the axis to concatenate along (default the last).

    Example:
        >>> import cornu
        >>> a, b = cornu.ops.zeros((2, 3)), cornu.ops.ones((2, 4))
        >>> cornu.layers.Concatenate()([a, b]).shape
        torch.Size([2, 7])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape) -> None:
        _check_shape_list(self, input_shape)
        reduced = []
        for shape in input_shape:
            shape = list(shape)
            if not -len(shape) <= self.axis < len(shape):
                raise ValueError(
                    f"Concatenate '{self.name}': axis={self.axis} is out of range for input "
                    f"shapes {list(input_shape)}."
                )
            del shape[self.axis % len(shape)]
            reduced.append(shape)
        if len({len(s) for s in reduced}) > 1 or any(
                len({d for d in dims if d is not None}) > 1 for dims in zip(*reduced)):
            raise ValueError(
                f"Concatenate '{self.name}' needs inputs whose shapes match except along "
                f"the concatenation axis {self.axis}; got shapes {list(input_shape)}."
            )
        self.built = True

    def call(self, inputs):
        _check_tensor_list(self, inputs)
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        _check_shape_list(self, input_shape)
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            if out[self.axis] is None or shape[self.axis] is None:
                out[self.axis] = None
                break
            out[self.axis] += shape[self.axis]
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"Concatenate '{self.name}': `mask` must be a list with one entry per input "
                f"({len(inputs)}), got {mask!r}."
            )
        if all(m is None for m in mask):
            return None
        full = []
        for x, m in zip(inputs, mask):
            if m is None:
                full.append(ops.ones_like(x, dtype="bool"))
            elif len(m.shape) < len(x.shape):
                full.append(ops.broadcast_to(ops.expand_dims(m, -1), ops.shape(x)))
            else:
                full.append(m)
        return ops.any(ops.concatenate(full, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of ``Concatenate``: ``concatenate([x1, x2, ...], axis=-1)``.

    Args:
        inputs: a list of tensors.
        axis: the concatenation axis.
        **kwargs: layer arguments (``name``, ...).

    Returns:
        The concatenated tensor.

    Example:
        >>> import cornu
        >>> cornu.layers.concatenate([cornu.ops.zeros((1, 1)), cornu.ops.ones((1, 1))]).tolist()
        [[0.0, 1.0]]
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
