"""``BaseDepthwiseConv``: the per-channel convolution behind DepthwiseConv1D/2D."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.convolutional import _utils
from cornu.layers.convolutional._conv_common import ConvCommon

DEPTHWISE_RENAMES = {
    **_utils.LEGACY_RENAMES,
    "init": "depthwise_initializer",
    "W_regularizer": "depthwise_regularizer",
    "W_constraint": "depthwise_constraint",
}


class BaseDepthwiseConv(ConvCommon):
    """Convolves each input channel with its own ``depth_multiplier`` filters.

    Args:
        rank: the number of spatial axes (1 or 2).
        kernel_size, strides, padding ("valid"/"same"), data_format, dilation_rate: as in
            ``Conv2D``.
        depth_multiplier: output channels per input channel; the output has
            ``input_channels * depth_multiplier`` channels, channel ``c * depth_multiplier +
            m`` coming from input channel ``c``.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the kernel.
        activation, use_bias, bias_*, activity_regularizer: as in ``Conv2D``.

    The kernel (named "kernel") has shape ``(*kernel_size, input_channels,
    depth_multiplier)`` and the bias ``(input_channels * depth_multiplier,)``, as in Keras.
    """

    def __init__(self, rank: int, depth_multiplier=1, kernel_size=None, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None,
                 **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs, DEPTHWISE_RENAMES)
        args = _utils.take(
            kwargs, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            bias_regularizer=bias_regularizer, bias_constraint=bias_constraint,
            depthwise_initializer=depthwise_initializer,
            depthwise_regularizer=depthwise_regularizer,
            depthwise_constraint=depthwise_constraint,
        )
        kernel_args = {k: args.pop(k) for k in ("depthwise_initializer",
                                                 "depthwise_regularizer",
                                                 "depthwise_constraint")}
        super().__init__(rank, kernel_size, bias_initializer=bias_initializer,
                         activity_regularizer=activity_regularizer, **args, **kwargs)
        if not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `depth_multiplier` must be a positive "
                f"int, got {depth_multiplier!r}."
            )
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(kernel_args["depthwise_initializer"])
        self.depthwise_regularizer = regularizers.get(kernel_args["depthwise_regularizer"])
        self.depthwise_constraint = constraints.get(kernel_args["depthwise_constraint"])

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, name="kernel",
        )
        self._add_bias(channels * self.depth_multiplier)
        self.built = True

    def call(self, inputs):
        outputs = ops.depthwise_conv(inputs, self.kernel, self.strides, self.padding,
                                     self.data_format, self.dilation_rate, bias=self.bias)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        spatial = self._output_spatial(input_shape)
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        channels = None if channels is None else channels * self.depth_multiplier
        return _utils.with_spatial(input_shape, spatial, channels, self._channels_last)

    def get_config(self) -> dict:
        return self._conv_config({"depth_multiplier": self.depth_multiplier}, ("depthwise",))
