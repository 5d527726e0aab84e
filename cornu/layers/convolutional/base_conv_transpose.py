"""``BaseConvTranspose``: the transposed convolution behind Conv1D/2D/3DTranspose."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.convolutional import _utils
from cornu.layers.convolutional._conv_common import ConvCommon


class BaseConvTranspose(ConvCommon):
    """The transpose (gradient) of a convolution: upsamples by ``strides``.

    Args:
        rank: the number of spatial axes (1, 2 or 3).
        filters: the number of output channels.
        kernel_size, strides, dilation_rate: ints or ``rank`` ints.
        padding: "valid" (output ``(n - 1) * strides + max(kernel, strides)``) or "same"
            (output ``n * strides``).
        output_padding: None or ints (each < its stride) added at the end of each spatial
            axis; when given, the output is ``(n - 1) * strides + kernel % 2 +
            output_padding`` for "same" and ``(n - 1) * strides + kernel + output_padding``
            for "valid".
        data_format, activation, use_bias, initializers, regularizers, constraints: as in
            ``Conv2D``.

    The kernel has shape ``(*kernel_size, filters, input_channels)`` and the bias
    ``(filters,)``, as in Keras.
    """

    def __init__(self, rank: int, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        args = _utils.take(
            kwargs, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
        )
        kernel_args = {k: args.pop(k) for k in ("kernel_initializer", "kernel_regularizer",
                                                 "kernel_constraint")}
        super().__init__(rank, kernel_size, bias_initializer=bias_initializer,
                         activity_regularizer=activity_regularizer, **args, **kwargs)
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `filters` must be a positive int, got "
                f"{filters!r}."
            )
        self.filters = filters
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = _utils.standardize_tuple(output_padding, rank,
                                                           "output_padding", allow_zero=True)
            for pad, stride in zip(self.output_padding, self.strides):
                if pad >= stride:
                    raise ValueError(
                        f"{type(self).__name__} '{self.name}': each `output_padding` value "
                        f"must be smaller than its stride, got output_padding="
                        f"{self.output_padding} with strides={self.strides}."
                    )
        self.kernel_initializer = initializers.get(kernel_args["kernel_initializer"])
        self.kernel_regularizer = regularizers.get(kernel_args["kernel_regularizer"])
        self.kernel_constraint = constraints.get(kernel_args["kernel_constraint"])

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = ops.conv_transpose(inputs, self.kernel, self.strides, self.padding,
                                     self.output_padding, self.data_format, self.dilation_rate,
                                     bias=self.bias)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        spatial = _utils.spatial_shape(input_shape, self._channels_last)
        pads = self.output_padding or (None,) * self.rank
        out = tuple(
            _utils.deconv_output_length(n, k, self.padding, p, s, d)
            for n, k, p, s, d in zip(spatial, self.kernel_size, pads, self.strides,
                                     self.dilation_rate)
        )
        return _utils.with_spatial(input_shape, out, self.filters, self._channels_last)

    def get_config(self) -> dict:
        return self._conv_config({"filters": self.filters}, ("kernel",),
                                 after_padding={"output_padding": self.output_padding})
