"""``LSTMCell`` and ``LSTM``: long short-term memory (Hochreiter & Schmidhuber, 1997)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.input_spec import InputSpec
from cornu.layers.rnn._base_cell import (
    BaseRNNCell,
    CellArgumentsMixin,
    collect_args,
    legacy_recurrent_kwargs,
    unit_forget_bias_initializer,
)
from cornu.layers.rnn._fused import can_fuse, check_use_cudnn, dropped_inputs
from cornu.layers.rnn.rnn import RNN

_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
         "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
         "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
         "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed")


class LSTMCell(BaseRNNCell):
    """One LSTM step. The kernels hold four gate blocks in the order i, f, c, o:
    ``kernel`` is ``(input_dim, 4 * units)``, ``recurrent_kernel`` ``(units, 4 * units)``,
    ``bias`` ``(4 * units,)``. States are ``[h, c]``; the output is ``h``.

    Args:
        units: size of the output and of each state.
        activation: for the cell candidate and output (default ``tanh``).
        recurrent_activation: for the gates (default ``sigmoid``).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers
            (``glorot_uniform``, ``orthogonal``, ``zeros``).
        unit_forget_bias: start the forget-gate bias at 1 (default True).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: optional constraints.
        dropout, recurrent_dropout: fractions of the inputs / previous ``h`` dropped while
            training (masks fixed per sequence).
        seed: an int for repeatable dropout masks.

    Example:
        >>> import cornu
        >>> cell = cornu.layers.LSTMCell(4)
        >>> h, (h2, c) = cell(cornu.ops.ones((2, 3)), [cornu.ops.zeros((2, 4))] * 2)
        >>> tuple(h.shape), tuple(c.shape)
        ((2, 4), (2, 4))
    """

    GATES = 4
    _CONFIG_KEYS = _KEYS

    def __init__(self, units=None, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        args = collect_args(locals(), kwargs, _KEYS)
        unit_forget_bias = args.pop("unit_forget_bias")
        super().__init__(**args, **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]
        if self.implementation == 1:
            self.dropout_mask_count = 4

    def build(self, input_shape) -> None:
        init = None
        if self.use_bias and self.unit_forget_bias:
            init = unit_forget_bias_initializer(self.units, self.bias_initializer)
        self._build_weights(input_shape[-1], (4 * self.units,), init)

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]
        dp = self.get_dropout_mask(inputs) if training and 0.0 < self.dropout < 1.0 else None
        rdp = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rdp = self.get_recurrent_dropout_mask(h_prev)
        if self.dropout_mask_count:  # one mask per gate
            z = _per_gate(inputs, h_prev, dp, rdp, self.kernel, self.recurrent_kernel,
                          self.bias, 4)
        else:
            x = inputs if dp is None else inputs * dp
            z = ops.linear(x, self.kernel, self.bias) + ops.matmul(h_prev, self.recurrent_kernel)
            z = ops.split(z, 4, axis=-1)
        act, rec = self.activation, self.recurrent_activation
        c = rec(z[1]) * c_prev + rec(z[0]) * act(z[2])
        h = rec(z[3]) * act(c)
        return h, [h, c]


def _per_gate(inputs, h_prev, dp, rdp, kernel, recurrent_kernel, bias, gates):
    """Gate pre-activations with a separate dropout mask per gate (implementation 1)."""
    ks = ops.split(kernel, gates, axis=1)
    rks = ops.split(recurrent_kernel, gates, axis=1)
    bs = ops.split(bias, gates, axis=-1) if bias is not None else [None] * gates
    out = []
    for g in range(gates):
        x = inputs if dp is None else inputs * dp[g]
        h = h_prev if rdp is None else h_prev * rdp[g]
        out.append(ops.linear(x, ks[g], bs[g]) + ops.matmul(h, rks[g]))
    return out


class LSTM(CellArgumentsMixin, RNN):
    """Long short-term memory layer.

    Runs as one call of torch's fused LSTM kernel (cuDNN on a GPU) when the configuration
    allows it (``activation="tanh"``, ``recurrent_activation="sigmoid"``,
    ``recurrent_dropout=0``, ``unroll=False``, ``use_bias=True``, and no mask or a
    right-padded one); otherwise as a step loop. Both compute the same values.

    Args:
        units: size of the output.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint, dropout, recurrent_dropout, seed: as in ``LSTMCell``.
        activity_regularizer: a penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in ``RNN``.
        use_cudnn: "auto" (fused kernel when possible), True (require it) or False.

    Input ``(batch, time, features)``; output ``(batch, units)`` or, with
    ``return_sequences``, ``(batch, time, units)``; with ``return_state`` also ``h, c``.

    Example:
        >>> import cornu
        >>> out, h, c = cornu.layers.LSTM(4, return_sequences=True, return_state=True)(
        ...     cornu.ops.ones((2, 5, 3)))
        >>> tuple(out.shape), tuple(h.shape), tuple(c.shape)
        ((2, 5, 4), (2, 4), (2, 4))
    """

    def __init__(self, units=None, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto", **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        check_use_cudnn(type(self).__name__, use_cudnn)
        cell = LSTMCell(**collect_args(locals(), kwargs, _KEYS),
                        implementation=kwargs.pop("implementation", 2),
                        dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                        name="lstm_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = use_cudnn
        can_fuse(cell, self.unroll, use_cudnn)  # raises early for use_cudnn=True misfits

    def inner_loop(self, sequences, initial_state, mask, training=False):
        if can_fuse(self.cell, self.unroll, self.use_cudnn):
            x = dropped_inputs(self.cell, sequences, training)
            if x is not None:
                try:
                    return ops.lstm(
                        x, initial_state[0], initial_state[1], mask, self.cell.kernel,
                        self.cell.recurrent_kernel, self.cell.bias,
                        return_sequences=self.return_sequences, go_backwards=self.go_backwards,
                        zero_output_for_mask=self.zero_output_for_mask)
                except NotImplementedError:  # a mask that is not right-padded
                    pass
        return super().inner_loop(sequences, initial_state, mask, training=training)

    def get_config(self) -> dict:
        return self._layer_config(super().get_config())

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
