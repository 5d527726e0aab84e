"""``ConvCommon``: what every convolution layer shares (window arguments, bias, activation)."""

from __future__ import annotations

from cornu import activations, constraints, initializers, regularizers
from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class ConvCommon(Layer):
    """Base of the four convolution bases: checks and stores the window arguments
    (``kernel_size``, ``strides``, ``padding``, ``data_format``, ``dilation_rate``), the
    activation and the bias settings, and creates the bias.

    Subclasses create their kernels in ``build`` and implement ``call``.
    """

    def __init__(self, rank: int, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, bias_initializer="zeros",
                 bias_regularizer=None, bias_constraint=None, allow_causal=False,
                 check_strided_dilation=False, **kwargs):
        for name in ("lora_rank", "lora_alpha"):
            if kwargs.pop(name, None) is not None:
                raise NotImplementedError(
                    f"{type(self).__name__}: `{name}` (LoRA) is not supported on convolution "
                    "layers yet; remove the argument."
                )
        super().__init__(**kwargs)
        self.rank = rank
        if kernel_size is None:
            raise TypeError(f"{type(self).__name__}: missing the `kernel_size` argument.")
        self.kernel_size = _utils.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = _utils.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = _utils.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = _utils.standardize_padding(padding, allow_causal=allow_causal)
        self.data_format = _utils.data_format(data_format)
        if check_strided_dilation and max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `strides` > 1 cannot be combined with "
                f"`dilation_rate` > 1 (as in Keras); got strides={self.strides} and "
                f"dilation_rate={self.dilation_rate}."
            )
        self.activation = activations.get(activation)
        self._activation_fn = (None if self.activation is activations.linear
                               else self.activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    @property
    def _channels_last(self) -> bool:
        return self.data_format == "channels_last"

    def _input_channels(self, input_shape) -> int:
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs of rank {self.rank + 2} "
                f"(batch, {self.rank} spatial axes, channels), got shape {tuple(input_shape)}."
            )
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the channel axis of the inputs must be "
                f"known to build the kernel (data_format='{self.data_format}'), got input "
                f"shape {tuple(input_shape)}."
            )
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={-1 if self._channels_last else 1: channels})
        return channels

    def _add_bias(self, size: int) -> None:
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(size,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint, name="bias",
            )

    def _activate(self, outputs):
        return outputs if self._activation_fn is None else self._activation_fn(outputs)

    def _output_spatial(self, input_shape) -> tuple:
        spatial = _utils.spatial_shape(input_shape, self._channels_last)
        out = tuple(
            _utils.conv_output_length(n, k, self.padding, s, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )
        _utils.check_positive_output(self, input_shape, out, f"kernel_size={self.kernel_size}")
        return out

    def _conv_config(self, head: dict, kernels: tuple, after_padding: dict | None = None,
                     extra: dict | None = None) -> dict:
        """The config in Keras's key order: ``head`` (filters...), the window arguments
        (``after_padding`` goes right after ``padding``), ``extra`` (groups), then activation,
        bias flag and the initializer/regularizer/constraint of each of ``kernels`` + bias."""
        config = _utils.clean_config(Layer.get_config(self))
        config.update(head)
        config.update({"kernel_size": self.kernel_size, "strides": self.strides,
                       "padding": self.padding})
        config.update(after_padding or {})
        config.update({"data_format": self.data_format, "dilation_rate": self.dilation_rate})
        config.update(extra or {})
        config.update({"activation": activations.serialize(self.activation),
                       "use_bias": self.use_bias})
        for suffix, module in (("initializer", initializers), ("regularizer", regularizers),
                               ("constraint", constraints)):
            for name in (*kernels, "bias"):
                config[f"{name}_{suffix}"] = module.serialize(getattr(self, f"{name}_{suffix}"))
            if suffix == "regularizer":
                config["activity_regularizer"] = regularizers.serialize(
                    self.activity_regularizer)
        return config
