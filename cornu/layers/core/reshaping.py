"""Shape-only core layers: Flatten, Reshape, Permute, RepeatVector."""

from __future__ import annotations

import math

from cornu import ops
from cornu.backend.config import standardize_data_format
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class Flatten(Layer):
    """Flattens every axis but the batch axis: ``(batch, d1, d2) -> (batch, d1 * d2)``.

    Args:
        data_format: "channels_first" moves channels last before flattening (Keras order).

    Example:
        >>> import cornu
        >>> cornu.layers.Flatten()(cornu.Input(shape=(28, 28))).shape
        (None, 784)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self.built = True

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = ops.moveaxis(inputs, 1, -1)
        return ops.reshape(inputs, (inputs.shape[0], -1)) if inputs.ndim != 1 else ops.expand_dims(
            inputs, -1)

    def compute_output_shape(self, input_shape):
        if len(input_shape) == 1:
            return (input_shape[0], 1)
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else math.prod(rest)
        return (input_shape[0], size)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    """Reshapes each sample to ``target_shape`` (one entry may be -1).

    Example:
        >>> import cornu
        >>> cornu.layers.Reshape((3, 4))(cornu.Input(shape=(12,))).shape
        (None, 3, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)
        if sum(1 for d in self.target_shape if d == -1) > 1:
            raise ValueError(
                f"Reshape '{self.name}': at most one dimension of target_shape can be -1, got "
                f"{self.target_shape}."
            )
        self.built = True

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0], *self.target_shape))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        target = list(self.target_shape)
        known = math.prod(d for d in target if d != -1)
        if any(d is None for d in rest):
            return (input_shape[0], *[None if d == -1 else d for d in target])
        total = math.prod(rest)
        if -1 in target:
            if known == 0 or total % known:
                raise ValueError(self._mismatch(input_shape))
            target[target.index(-1)] = total // known
        elif total != known:
            raise ValueError(self._mismatch(input_shape))
        return (input_shape[0], *target)

    def _mismatch(self, input_shape) -> str:
        return (
            f"Reshape '{self.name}': the input shape {input_shape} has "
            f"{math.prod(d for d in input_shape[1:] if d)} values per sample, which cannot be "
            f"reshaped to target_shape {self.target_shape}."
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class Permute(Layer):
    """Permutes the non-batch axes; ``dims`` is 1-indexed, e.g. ``(2, 1)`` swaps them.

    Example:
        >>> import cornu
        >>> cornu.layers.Permute((2, 1))(cornu.Input(shape=(10, 64))).shape
        (None, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Permute '{self.name}': `dims` must be a permutation of 1..{len(self.dims)}, "
                f"got {self.dims}."
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.built = True

    def call(self, inputs):
        return ops.transpose(inputs, (0, *self.dims))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *[input_shape[d] for d in self.dims])

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    """Repeats a ``(batch, features)`` input ``n`` times: ``(batch, n, features)``.

    Example:
        >>> import cornu
        >>> cornu.layers.RepeatVector(3)(cornu.Input(shape=(32,))).shape
        (None, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or n <= 0:
            raise ValueError(f"RepeatVector '{self.name}': `n` must be a positive int, got {n!r}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs):
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
