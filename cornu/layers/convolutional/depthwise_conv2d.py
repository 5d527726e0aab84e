"""``DepthwiseConv2D``: 2-D convolution of each channel with its own filters."""

from __future__ import annotations

from cornu.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """A 2-D depthwise convolution: each input channel is convolved separately with
    ``depth_multiplier`` filters (no mixing across channels).

    Args:
        kernel_size, strides, dilation_rate: an int or 2 ints.
        padding: "valid" or "same".
        depth_multiplier: filters per input channel (output channels = channels * it).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        activation, use_bias: as in ``Conv2D``.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the kernel.
        bias_initializer, bias_regularizer, bias_constraint, activity_regularizer: as usual.

    Weights: ``kernel`` ``(*kernel_size, channels, depth_multiplier)`` and ``bias``
    ``(channels * depth_multiplier,)``.

    Returns:
        A tensor with ``channels * depth_multiplier`` channels.

    Example:
        >>> import cornu
        >>> cornu.layers.DepthwiseConv2D(3, padding="same")(cornu.Input(shape=(8, 8, 5))).shape
        (None, 8, 8, 5)
    """

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )
