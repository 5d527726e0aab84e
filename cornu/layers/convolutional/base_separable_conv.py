"""``BaseSeparableConv``: depthwise then pointwise convolution (SeparableConv1D/2D)."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.convolutional import _utils
from cornu.layers.convolutional._conv_common import ConvCommon
from cornu.layers.convolutional.base_depthwise_conv import DEPTHWISE_RENAMES

_KERNELS = ("depthwise", "pointwise")


class BaseSeparableConv(ConvCommon):
    """A depthwise convolution (``depth_multiplier`` filters per input channel) followed by
    a 1x1 convolution mixing the channels into ``filters`` outputs.

    Args:
        rank: the number of spatial axes (1 or 2).
        depth_multiplier: depthwise output channels per input channel.
        filters: the number of output channels.
        kernel_size, strides, padding ("valid"/"same"), data_format, dilation_rate: the
            depthwise window, as in ``Conv2D``.
        depthwise_*/pointwise_* initializer, regularizer, constraint: for the two kernels.
        activation, use_bias, bias_*, activity_regularizer: as in ``Conv2D``.

    Weights, in Keras's order: ``depthwise_kernel`` ``(*kernel_size, input_channels,
    depth_multiplier)``, ``pointwise_kernel`` ``(1, ..., 1, input_channels *
    depth_multiplier, filters)``, ``bias`` ``(filters,)``.
    """

    def __init__(self, rank: int, depth_multiplier=1, filters=None, kernel_size=None,
                 strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs, DEPTHWISE_RENAMES)
        args = _utils.take(
            kwargs, filters=filters, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, bias_regularizer=bias_regularizer,
            bias_constraint=bias_constraint, depthwise_initializer=depthwise_initializer,
            depthwise_regularizer=depthwise_regularizer,
            depthwise_constraint=depthwise_constraint,
        )
        filters = args.pop("filters")
        depthwise = {k: args.pop(k) for k in ("depthwise_initializer", "depthwise_regularizer",
                                              "depthwise_constraint")}
        super().__init__(rank, kernel_size, bias_initializer=bias_initializer,
                         activity_regularizer=activity_regularizer, **args, **kwargs)
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `filters` must be a positive int, got "
                f"{filters!r}."
            )
        if not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `depth_multiplier` must be a positive "
                f"int, got {depth_multiplier!r}."
            )
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.depthwise_initializer = initializers.get(depthwise["depthwise_initializer"])
        self.depthwise_regularizer = regularizers.get(depthwise["depthwise_regularizer"])
        self.depthwise_constraint = constraints.get(depthwise["depthwise_constraint"])
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.depthwise_kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, name="depthwise_kernel",
        )
        self.pointwise_kernel = self.add_weight(
            shape=(*(1,) * self.rank, channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, name="pointwise_kernel",
        )
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = ops.separable_conv(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                     self.strides, self.padding, self.data_format,
                                     self.dilation_rate, bias=self.bias)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        spatial = self._output_spatial(input_shape)
        return _utils.with_spatial(input_shape, spatial, self.filters, self._channels_last)

    def get_config(self) -> dict:
        return self._conv_config({"depth_multiplier": self.depth_multiplier,
                                  "filters": self.filters}, _KERNELS)
