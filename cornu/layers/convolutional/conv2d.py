"""``Conv2D``: spatial (2-D) convolution over images."""

from __future__ import annotations

from cornu.layers.convolutional.base_conv import BaseConv


class Conv2D(BaseConv):
    """A spatial (2-D) convolution over images:
    ``activation(conv(inputs, kernel) + bias)``.

    Args:
        filters: the number of output channels.
        kernel_size: an int or 2 ints, the convolution window.
        strides: an int or 2 ints (> 1 cannot be combined with ``dilation_rate`` > 1).
        padding: "valid" or "same" (output size ``ceil(input / strides)``).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        dilation_rate: an int or 2 ints, the spacing of the kernel taps.
        groups: convolve this many channel groups separately (divides channels and filters).
        activation: an activation name or function (default: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers ("glorot_uniform", "zeros").
        kernel_regularizer, bias_regularizer, activity_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.

    Input: ``(batch, rows, cols, channels)`` (channels_last) or ``(batch, channels, rows, cols)``.
    Weights: ``kernel`` of shape ``(*kernel_size, channels // groups, filters)`` and ``bias``
    of shape ``(filters,)``. Keras 1/2 keywords (``border_mode``, ``subsample``, ``init``,
    ``W_regularizer``, ...) are accepted with a warning.

    Returns:
        A tensor with ``filters`` channels.

    Example:
        >>> import cornu
        >>> cornu.layers.Conv2D(8, 3, activation="relu")(cornu.Input(shape=(28, 28, 1))).shape
        (None, 26, 26, 8)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            groups=groups, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )
