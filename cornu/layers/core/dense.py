"""``Dense``: the fully connected layer, ``activation(inputs @ kernel + bias)``."""

from __future__ import annotations

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers.core._lora import LoraMixin
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.utils.legacy import legacy_kwargs


class Dense(LoraMixin, Layer):
    """A densely connected layer: ``output = activation(dot(input, kernel) + bias)``.

    Args:
        units: the size of the last output axis.
        activation: an activation name or function (default: none, i.e. linear).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (``glorot_uniform``, ``zeros``).
        kernel_regularizer, bias_regularizer, activity_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.

    Input shape ``(batch, ..., input_dim)``; output shape ``(batch, ..., units)``.

    Example:
        >>> import cornu
        >>> cornu.layers.Dense(4)(cornu.ops.ones((2, 3))).shape
        torch.Size([2, 4])
    """

    def __init__(self, units=None, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        kwargs = legacy_kwargs(type(self).__name__, kwargs, {
            "output_dim": "units", "init": "kernel_initializer", "W_regularizer":
            "kernel_regularizer", "b_regularizer": "bias_regularizer", "W_constraint":
            "kernel_constraint", "b_constraint": "bias_constraint", "bias": "use_bias",
        })
        units = kwargs.pop("units", units)
        activation = kwargs.pop("activation", activation)
        use_bias = kwargs.pop("use_bias", use_bias)
        kernel_initializer = kwargs.pop("kernel_initializer", kernel_initializer)
        kernel_regularizer = kwargs.pop("kernel_regularizer", kernel_regularizer)
        bias_regularizer = kwargs.pop("bias_regularizer", bias_regularizer)
        kernel_constraint = kwargs.pop("kernel_constraint", kernel_constraint)
        bias_constraint = kwargs.pop("bias_constraint", bias_constraint)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"Dense '{self.name}': `units` must be a positive integer, got {units!r}."
            )
        self.units = units
        self.activation = activations.get(activation)
        self._activation_fn = None if self.activation is activations.linear else self.activation
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True
        if quantization_config is not None:
            raise NotImplementedError(
                f"Dense '{self.name}': quantization is not supported yet; pass "
                "quantization_config=None."
            )
        self._init_lora(lora_rank, lora_alpha)

    def build(self, input_shape) -> None:
        if not input_shape or len(input_shape) < 2 and input_shape[-1] is None:
            raise ValueError(
                f"Dense '{self.name}' needs inputs of rank >= 2 with a known last axis, "
                f"got input shape {input_shape}."
            )
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense '{self.name}': the last axis of the input must be known to build the "
                f"kernel, got input shape {input_shape}."
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True
        self._build_lora_if_asked()

    def call(self, inputs):
        kernel = self._lora_matrix() if self.lora_enabled else self.kernel
        x = ops.linear(inputs, kernel, self.bias)
        if self._activation_fn is not None:
            x = self._activation_fn(x)
        return x

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
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
