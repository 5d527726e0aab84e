"""``EinsumDense``: a dense layer whose contraction is an einsum equation."""

from __future__ import annotations

import copy
import re

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.initializers import VarianceScaling
from cornu.layers.core._lora import LoraMixin
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class EinsumDense(LoraMixin, Layer):
    """Computes ``activation(einsum(equation, inputs, kernel) + bias)``.

    The equation has the form ``"<input>,<kernel>-><output>"`` (e.g. ``"abc,cd->abd"``),
    optionally with ``...`` on the left or right of the input and output specs for axes
    passed through. The kernel's shape follows from the equation, the input shape and
    ``output_shape``.

    Args:
        equation: the einsum equation.
        output_shape: the output shape without the batch axis (an int for rank 1); ``None``
            entries are taken from the input.
        activation: an activation name or function (default: none).
        bias_axes: the output letters that get a bias (e.g. ``"d"``), or None.
        kernel_initializer, bias_initializer: initializers (``glorot_uniform``, ``zeros``).
        kernel_regularizer, bias_regularizer, activity_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.EinsumDense("abc,cd->abd", output_shape=(None, 8),
        ...                                  bias_axes="d")
        >>> layer(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 5, 8])
        >>> tuple(layer.kernel.shape), tuple(layer.bias.shape)
        ((3, 8), (8,))
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        super().__init__(**kwargs)
        if quantization_config is not None:
            raise NotImplementedError(
                "EinsumDense: quantization (`quantization_config`) is not supported yet; "
                "leave it at None.")
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self._activation_fn = None if self.activation is activations.linear else self.activation
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._init_lora(lora_rank, lora_alpha)

    def build(self, input_shape) -> None:
        kernel_shape, bias_shape, _, in_axes, out_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        init = self.kernel_initializer
        if isinstance(init, VarianceScaling) and (
                init.input_axes is None or init.output_axes is None):
            # The fans come from the kernel's input and output axes, not its last two.
            init = copy.copy(init)
            init.input_axes, init.output_axes = in_axes, out_axes
        self.kernel = self.add_weight(
            shape=tuple(kernel_shape), initializer=init, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                shape=tuple(bias_shape), initializer=self.bias_initializer, name="bias",
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True
        self._build_lora_if_asked()

    def call(self, inputs, training=None):
        kernel = self._lora_matrix() if self.lora_enabled else self.kernel
        x = ops.einsum(self.equation, inputs, kernel)
        if self.bias is not None:
            x = x + self.bias
        if self._activation_fn is not None:
            x = self._activation_fn(x)
        return x

    def compute_output_shape(self, input_shape):
        return tuple(analyze_einsum(self.equation, self.bias_axes, input_shape,
                                    self.partial_output_shape)[2])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        })
        return self._lora_config(config)


_FORMS = (
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", None),
    (r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)", "left"),
    (r"([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.", "right"),
)


def analyze_einsum(equation: str, bias_axes, input_shape, output_shape):
    """Shapes for ``EinsumDense``: ``(kernel_shape, bias_shape, full_output_shape,
    kernel_input_axes, kernel_output_axes)``; ``bias_shape`` is None without ``bias_axes``.
    """
    match, elided_side = None, None
    for pattern, side in _FORMS:
        match = re.fullmatch(pattern, equation.replace(" ", ""))
        if match:
            elided_side = side
            break
    if match is None:
        raise ValueError(
            f"EinsumDense: invalid equation '{equation}'. Expected the form 'X,Y->Z', "
            "'...X,Y->...Z' or 'X...,Y->Z...' with letters for axes."
        )
    in_spec, kernel_spec, out_spec = match.groups()
    input_shape = tuple(input_shape)
    n_elided = len(input_shape) - len(in_spec)
    full_out = [input_shape[0], *output_shape]
    if n_elided > 0 and elided_side == "left":
        full_out[1:1] = input_shape[1:n_elided]
    elif n_elided > 0:
        full_out.extend(input_shape[len(input_shape) - n_elided:])
    left = n_elided if elided_side == "left" else 0
    in_pos = {c: (i + left) for i, c in enumerate(in_spec)}
    out_pos = {c: (i + left) for i, c in enumerate(out_spec)}
    if len(full_out) != len(out_spec) + max(n_elided, 0):
        raise ValueError(
            f"EinsumDense: `output_shape` {tuple(output_shape)} does not fit equation "
            f"'{equation}' for inputs of shape {input_shape}: expected "
            f"{len(out_spec) - 1 if elided_side != 'left' else len(out_spec)} non-batch "
            "output sizes."
        )
    for c in in_spec:
        if c in out_pos:
            want, have = full_out[out_pos[c]], input_shape[in_pos[c]]
            if want is None:
                full_out[out_pos[c]] = have
            elif have is not None and want != have:
                raise ValueError(
                    f"EinsumDense: axis '{c}' of equation '{equation}' has size {have} in the "
                    f"input but {want} in `output_shape`."
                )
    for c in out_spec:
        if c not in in_spec and c not in kernel_spec:
            raise ValueError(
                f"EinsumDense: output axis '{c}' of equation '{equation}' appears in neither "
                "the input nor the kernel spec."
            )
    kernel_shape, in_axes, out_axes = [], [], []
    for i, c in enumerate(kernel_spec):
        if c in out_pos:
            kernel_shape.append(full_out[out_pos[c]])
            out_axes.append(i)
        elif c in in_pos:
            kernel_shape.append(input_shape[in_pos[c]])
            in_axes.append(i)
        else:
            raise ValueError(
                f"EinsumDense: kernel axis '{c}' of equation '{equation}' appears in neither "
                "the input nor the output spec."
            )
    bias_shape = None
    if bias_axes is not None:
        missing = [c for c in bias_axes if c not in out_spec]
        if missing:
            raise ValueError(
                f"EinsumDense: bias axes {missing} are not in the output spec '{out_spec}' of "
                f"equation '{equation}'."
            )
        first = min(out_spec.find(c) for c in bias_axes)
        bias_shape = [full_out[out_pos[c]] if c in bias_axes else 1 for c in out_spec[first:]]
        if elided_side != "left":
            bias_shape.extend([1] * max(n_elided, 0))
    return kernel_shape, bias_shape, full_out, in_axes, out_axes
