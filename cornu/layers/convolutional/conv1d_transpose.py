"""``Conv1DTranspose``: 1-D transposed convolution (learned upsampling)."""

from __future__ import annotations

from cornu.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv1DTranspose(BaseConvTranspose):
    """A 1-D transposed convolution (sometimes called deconvolution): the gradient of a
    ``Conv1D`` with respect to its input, used to upsample feature maps.

    Args:
        filters: the number of output channels.
        kernel_size, strides, dilation_rate: an int or 1 ints.
        padding: "valid" or "same" (output size ``input * strides``).
        output_padding: None, or an int or 1 ints (each smaller than its stride) of extra
            rows added at the end of each spatial axis.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        activation, use_bias, kernel_*/bias_* initializer, regularizer, constraint,
            activity_regularizer: as in ``Conv1D``.

    Weights: ``kernel`` of shape ``(*kernel_size, filters, input_channels)`` and ``bias`` of
    shape ``(filters,)``.

    Returns:
        A tensor with ``filters`` channels and enlarged spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.Conv1DTranspose(4, 3, strides=2)(cornu.Input(shape=(10, 8))).shape
        (None, 21, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, output_padding=output_padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )
