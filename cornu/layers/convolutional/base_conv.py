"""``BaseConv``: the N-D convolution behind Conv1D, Conv2D and Conv3D."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.convolutional import _utils
from cornu.layers.convolutional._conv_common import ConvCommon


class BaseConv(ConvCommon):
    """``activation(conv(inputs, kernel) + bias)`` over ``rank`` spatial axes.

    Args:
        rank: the number of spatial axes (1, 2 or 3).
        filters: the number of output channels.
        kernel_size: an int or ``rank`` ints, the window size.
        strides: an int or ``rank`` ints (> 1 cannot be combined with ``dilation_rate`` > 1).
        padding: "valid", "same" (output size ``ceil(input / strides)``, extra padding at the
            end as in Keras) or, for ``rank == 1``, "causal" (left padding only).
        data_format: "channels_last" ``(batch, *spatial, channels)`` or "channels_first"
            ``(batch, channels, *spatial)``; default ``image_data_format()``.
        dilation_rate: an int or ``rank`` ints, the spacing of the kernel taps.
        groups: splits the input channels into this many groups convolved separately; it
            must divide both the input channels and ``filters``.
        activation, use_bias, kernel_*/bias_* initializers, regularizers, constraints,
        activity_regularizer: as in ``Dense``.

    The kernel has shape ``(*kernel_size, input_channels // groups, filters)`` and the bias
    ``(filters,)``, in that order, as in Keras.
    """

    def __init__(self, rank: int, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        args = _utils.take(
            kwargs, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )
        filters = args.pop("filters")
        super().__init__(
            rank, bias_initializer=bias_initializer, activity_regularizer=activity_regularizer,
            allow_causal=rank == 1, check_strided_dilation=True,
            **{k: args.pop(k) for k in ("kernel_size", "strides", "padding", "data_format",
                                        "dilation_rate", "activation", "use_bias",
                                        "bias_regularizer", "bias_constraint")},
            **kwargs,
        )
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `filters` must be a positive int, got "
                f"{filters!r}."
            )
        if not isinstance(groups, int) or groups <= 0 or filters % groups:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `groups` must be a positive int that "
                f"divides filters={filters}, got groups={groups!r}."
            )
        self.filters = filters
        self.groups = groups
        self.kernel_initializer = initializers.get(args["kernel_initializer"])
        self.kernel_regularizer = regularizers.get(args["kernel_regularizer"])
        self.kernel_constraint = constraints.get(args["kernel_constraint"])

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the {channels} input channels cannot "
                f"be split into groups={self.groups}; use a `groups` that divides them "
                f"(input shape {tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = ops.conv(inputs, self.kernel, self.strides, self.padding, self.data_format,
                           self.dilation_rate, bias=self.bias)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        spatial = self._output_spatial(input_shape)
        return _utils.with_spatial(input_shape, spatial, self.filters, self._channels_last)

    def get_config(self) -> dict:
        return self._conv_config({"filters": self.filters}, ("kernel",),
                                 extra={"groups": self.groups})
