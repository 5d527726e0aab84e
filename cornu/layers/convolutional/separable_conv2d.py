"""``SeparableConv2D``: depthwise 2-D convolution followed by a pointwise one."""

from __future__ import annotations

from cornu.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv2D(BaseSeparableConv):
    """A 2-D depthwise-separable convolution: a depthwise convolution (each channel with
    its own ``depth_multiplier`` filters) then a 1x1 convolution mixing channels into
    ``filters`` outputs. Far fewer weights than a ``Conv2D`` with the same window.

    Args:
        filters: the number of output channels.
        kernel_size, strides, dilation_rate: an int or 2 ints (the depthwise window).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        depth_multiplier: depthwise filters per input channel.
        activation, use_bias: as in ``Conv2D``.
        depthwise_*/pointwise_*/bias_* initializer, regularizer, constraint, and
            activity_regularizer: for the respective weights.

    Weights: ``depthwise_kernel`` ``(*kernel_size, channels, depth_multiplier)``,
    ``pointwise_kernel`` ``(1, 1, channels * depth_multiplier, filters)``, ``bias``
    ``(filters,)``.

    Returns:
        A tensor with ``filters`` channels.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.SeparableConv2D(16, 3, padding="same", depth_multiplier=2)
        >>> layer(cornu.Input(shape=(8, 8, 3))).shape
        (None, 8, 8, 16)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier, filters=filters,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )
