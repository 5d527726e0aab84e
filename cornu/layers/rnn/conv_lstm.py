"""``ConvLSTMCell`` and ``ConvLSTM``: an LSTM whose products are convolutions."""

from __future__ import annotations

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers.convolutional._utils import (
    conv_output_length,
    standardize_padding,
    standardize_tuple,
)
from cornu.layers.convolutional._utils import data_format as standardize_data_format
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.rnn._base_cell import cell_config, unit_forget_bias_initializer
from cornu.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from cornu.layers.rnn.rnn import RNN

_ARG_KEYS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
             "activation", "recurrent_activation", "use_bias", "kernel_initializer",
             "recurrent_initializer", "bias_initializer", "unit_forget_bias",
             "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
             "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
             "recurrent_dropout", "seed")


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One ConvLSTM step on a ``rank``-D feature map: the gates (i, f, c, o) are
    convolutions of the input (``kernel``: ``(*kernel_size, in_channels, 4 * filters)``) plus
    "same" convolutions of the previous ``h`` (``recurrent_kernel``). States are ``[h, c]``.

    Args:
        rank: 1, 2 or 3 spatial dimensions.
        filters, kernel_size, strides, padding ("valid"/"same"), data_format,
        dilation_rate: as in ``Conv2D`` (for the input convolution).
        activation, recurrent_activation, use_bias, initializers, unit_forget_bias,
        regularizers, constraints, dropout, recurrent_dropout, seed: as in ``LSTMCell``.
    """

    _direct_step_call = True
    dropout_mask_count = 4

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(f"ConvLSTMCell: `rank` must be 1, 2 or 3; got {rank!r}.")
        self.rank = rank
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"ConvLSTM: `strides` > 1 cannot be combined with `dilation_rate` > 1; got "
                f"strides={self.strides}, dilation_rate={self.dilation_rate}.")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.state_size = -1  # the states are feature maps; see get_initial_state
        self.input_spec = InputSpec(ndim=rank + 2)

    @property
    def _channels_last(self) -> bool:
        return self.data_format == "channels_last"

    def build(self, input_shape, states_shape=None) -> None:
        input_shape = tuple(input_shape)
        spatial = input_shape[1:-1] if self._channels_last else input_shape[2:]
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        if None in spatial or channels is None:
            raise ValueError(
                f"ConvLSTM: the spatial and channel sizes of the input must be known; got "
                f"input shape {input_shape}.")
        self.spatial_dims, self.input_dim = tuple(spatial), channels
        self.input_spec = InputSpec(ndim=self.rank + 2, shape=(None, *input_shape[1:]))
        f = self.filters
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, 4 * f), initializer=self.kernel_initializer,
            name="kernel", regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(*self.kernel_size, f, 4 * f), initializer=self.recurrent_initializer,
            name="recurrent_kernel", regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            init = (unit_forget_bias_initializer(f, self.bias_initializer)
                    if self.unit_forget_bias else self.bias_initializer)
            self.bias = self.add_weight(shape=(4 * f,), initializer=init, name="bias",
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def _conv(self, x, kernel, bias=None):
        return ops.conv(x, kernel, strides=self.strides, padding=self.padding,
                        data_format=self.data_format, dilation_rate=self.dilation_rate,
                        bias=bias)

    def _recurrent_conv(self, h, kernel):
        return ops.conv(h, kernel, strides=1, padding="same", data_format=self.data_format)

    def input_projection(self, inputs):
        """The input convolution of all four gates (no dropout), channels = ``4 * filters``."""
        return self._conv(inputs, self.kernel, self.bias)

    def call(self, inputs, states, training=False):
        dp = self.get_dropout_mask(inputs) if training and 0.0 < self.dropout < 1.0 else None
        if dp is None:
            return self.step_from_projection(self.input_projection(inputs), states, training)
        ks = ops.split(self.kernel, 4, axis=-1)
        bs = ops.split(self.bias, 4, axis=-1) if self.bias is not None else [None] * 4
        proj = [self._conv(inputs * dp[g], ks[g], bs[g]) for g in range(4)]
        return self._step(proj, states, training)

    def step_from_projection(self, projection, states, training=False):
        """One step given ``input_projection`` of this step's input."""
        axis = -1 if self._channels_last else 1
        return self._step(ops.split(projection, 4, axis=axis), states, training)

    def _step(self, proj, states, training):
        h_prev, c_prev = states[0], states[1]
        rdp = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rdp = self.get_recurrent_dropout_mask(h_prev)
        if rdp is None:
            axis = -1 if self._channels_last else 1
            rec = ops.split(self._recurrent_conv(h_prev, self.recurrent_kernel), 4, axis=axis)
        else:
            rks = ops.split(self.recurrent_kernel, 4, axis=-1)
            rec = [self._recurrent_conv(h_prev * rdp[g], rks[g]) for g in range(4)]
        act, gate = self.activation, self.recurrent_activation
        c = gate(proj[1] + rec[1]) * c_prev + gate(proj[0] + rec[0]) * act(proj[2] + rec[2])
        h = gate(proj[3] + rec[3]) * act(c)
        return h, [h, c]

    def state_shape(self, input_shape) -> tuple:
        """The shape of ``h`` (and ``c``) for a step input of ``input_shape``."""
        spatial = input_shape[1:-1] if self._channels_last else input_shape[2:]
        out = tuple(conv_output_length(n, k, self.padding, s, d) for n, k, s, d in zip(
            spatial, self.kernel_size, self.strides, self.dilation_rate))
        if self._channels_last:
            return (input_shape[0], *out, self.filters)
        return (input_shape[0], self.filters, *out)

    def compute_output_shape(self, inputs_shape, states_shape=None):
        shape = self.state_shape(tuple(inputs_shape))
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None) -> list:
        if self._channels_last:
            step = (batch_size, *self.spatial_dims, self.input_dim)
        else:
            step = (batch_size, self.input_dim, *self.spatial_dims)
        shape = self.state_shape(step)
        return [ops.zeros(shape, dtype=self.compute_dtype) for _ in range(2)]

    def get_config(self) -> dict:
        config = super().get_config()
        config["rank"] = self.rank
        config.update(cell_config(self, _ARG_KEYS))
        return config


class ConvLSTM(RNN):
    """The base of ``ConvLSTM1D/2D/3D``: ``RNN`` over a ``ConvLSTMCell`` of ``rank``."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, **kwargs):
        args = {k: v for k, v in locals().items() if k in _ARG_KEYS}
        cell = ConvLSTMCell(rank=rank, **args, name="conv_lstm_cell",
                            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, **kwargs)
        self.input_spec = InputSpec(ndim=rank + 3)

    def inner_loop(self, sequences, initial_state, mask, training=False):
        cell = self.cell
        if training and 0.0 < cell.dropout < 1.0:
            return super().inner_loop(sequences, initial_state, mask, training=training)
        # All input convolutions at once, folding time into the batch.
        shape = ops.shape(sequences)
        flat = ops.reshape(sequences, (shape[0] * shape[1], *shape[2:]))
        proj = cell.input_projection(flat)
        proj = ops.reshape(proj, (shape[0], shape[1], *ops.shape(proj)[1:]))

        def step(p_t, states):
            return cell.step_from_projection(p_t, list(states), training)

        return ops.rnn(step, proj, initial_state, go_backwards=self.go_backwards, mask=mask,
                       zero_output_for_mask=self.zero_output_for_mask,
                       return_all_outputs=self.return_sequences)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        state = self.cell.state_shape((batch, *sequences_shape[2:]))
        output = (batch, steps, *state[1:]) if self.return_sequences else state
        if self.return_state:
            return output, state, state
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        return [output_mask, None, None] if self.return_state else output_mask

    def get_config(self) -> dict:
        config = {k: v for k, v in super().get_config().items() if k != "cell"}
        config.update(cell_config(self.cell, _ARG_KEYS))
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


# ``layer.filters``, ``layer.kernel_size``, ...: read-only views of the cell's arguments.
for _key in _ARG_KEYS:
    setattr(ConvLSTM, _key, property(lambda self, _k=_key: getattr(self.cell, _k)))
del _key
