"""``Merge``: the base of the layers that combine a list of tensors element-wise."""

from __future__ import annotations

from cornu import ops
from cornu.layers.layer import Layer


class Merge(Layer):
    """Base class of merge layers: ``call`` takes a list of tensors of compatible shapes
    (broadcasting as NumPy; inputs of lower rank get size-1 axes after the batch axis).

    The output mask is the element-wise OR of the inputs' masks when every input has one.
    Subclasses implement ``_merge_function(inputs)``.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs):
        raise NotImplementedError

    def build(self, input_shape) -> None:
        _check_shape_list(self, input_shape)
        self.compute_output_shape(input_shape)
        self._reshape_required = len({len(s) for s in input_shape}) > 1
        self.built = True

    def call(self, inputs):
        _check_tensor_list(self, inputs)
        if self._reshape_required:
            rank = max(len(x.shape) for x in inputs)
            expanded = []
            for x in inputs:
                for _ in range(rank - len(x.shape)):
                    x = ops.expand_dims(x, 1)
                expanded.append(x)
            inputs = expanded
        return self._merge_function(inputs)

    def _masked_reduce(self, op, inputs):
        """Folds ``op`` over ``inputs`` so that masked entries of one input take the
        other operand's value (Maximum and Minimum use it)."""
        output, output_mask = None, None
        for x in inputs:
            mask = _mask_of(x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = ops.where(mask, x, output)
            if output_mask is not None:
                output = ops.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = ops.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = op(output, x)
        return output

    def compute_output_shape(self, input_shape):
        _check_shape_list(self, input_shape)
        out = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            out = _broadcast_shapes(self, out, tuple(shape[1:]), input_shape)
        batch = {s[0] for s in input_shape if s and s[0] is not None}
        if len(batch) > 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': cannot merge tensors with different "
                f"batch sizes, got shapes {list(input_shape)}."
            )
        return (batch.pop() if batch else None, *out)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `mask` must be a list with one entry "
                f"per input ({len(inputs)}), got {mask!r}."
            )
        if any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = ops.logical_or(out, m)
        return out


def _mask_of(x):
    """``x``'s mask broadcast to ``x``'s shape, or None."""
    mask = getattr(x, "_keras_mask", None)
    if mask is None:
        return None
    return ops.broadcast_to(ops.expand_dims(mask, -1), ops.shape(x))


def _broadcast_shapes(layer, a: tuple, b: tuple, all_shapes) -> tuple:
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    lead = a[: len(a) - len(b)]
    out = []
    for i, j in zip(a[len(a) - len(b):], b):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1 or i == j:
            out.append(j if i == 1 else i)
        else:
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}': inputs have incompatible shapes "
                f"{list(all_shapes)}; non-batch axes must be equal or 1 (broadcastable)."
            )
    return (*lead, *out)


def _check_shape_list(layer, input_shape) -> None:
    if not isinstance(input_shape, (list, tuple)) or not input_shape or not all(
            isinstance(s, (list, tuple)) for s in input_shape):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' must be called on a list of tensors, "
            f"got input shape {input_shape}. Pass e.g. `layer([x1, x2])`."
        )


def _check_tensor_list(layer, inputs) -> None:
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' must be called on a list of tensors, "
            f"got a single {type(inputs).__name__}. Pass e.g. `layer([x1, x2])`."
        )
