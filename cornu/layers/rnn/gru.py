"""``GRUCell`` and ``GRU``: the gated recurrent unit (Cho et al., 2014)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.input_spec import InputSpec
from cornu.layers.rnn._base_cell import (
    BaseRNNCell,
    CellArgumentsMixin,
    collect_args,
    legacy_recurrent_kwargs,
)
from cornu.layers.rnn._fused import can_fuse, check_use_cudnn, dropped_inputs
from cornu.layers.rnn.rnn import RNN

_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
         "recurrent_initializer", "bias_initializer", "kernel_regularizer",
         "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
         "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
         "reset_after", "seed")


class GRUCell(BaseRNNCell):
    """One GRU step. The kernels hold three gate blocks in the order z (update), r (reset),
    h (candidate): ``kernel`` ``(input_dim, 3 * units)``, ``recurrent_kernel``
    ``(units, 3 * units)``. With ``reset_after=True`` (default) the reset gate multiplies the
    recurrent projection and ``bias`` is ``(2, 3 * units)`` (input bias, recurrent bias);
    otherwise it multiplies the previous state and ``bias`` is ``(3 * units,)``.

    Args:
        units: size of the output and of the state.
        activation: for the candidate (default ``tanh``).
        recurrent_activation: for the gates (default ``sigmoid``).
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
        kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
        recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed: as in
            ``LSTMCell``.
        reset_after: apply the reset gate after the recurrent matrix product.

    Example:
        >>> import cornu
        >>> cell = cornu.layers.GRUCell(4)
        >>> h, states = cell(cornu.ops.ones((2, 3)), [cornu.ops.zeros((2, 4))])
        >>> tuple(h.shape)
        (2, 4)
    """

    GATES = 3
    _CONFIG_KEYS = _KEYS

    def __init__(self, units=None, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        args = collect_args(locals(), kwargs, _KEYS)
        reset_after = args.pop("reset_after")
        super().__init__(**args, **kwargs)
        self.reset_after = bool(reset_after)
        if self.implementation == 1:
            self.dropout_mask_count = 3

    def build(self, input_shape) -> None:
        n = 3 * self.units
        self._build_weights(input_shape[-1], (2, n) if self.reset_after else (n,))

    def call(self, inputs, states, training=False):
        is_list = isinstance(states, (list, tuple))
        h_prev = states[0] if is_list else states
        dp = self.get_dropout_mask(inputs) if training and 0.0 < self.dropout < 1.0 else None
        rdp = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rdp = self.get_recurrent_dropout_mask(h_prev)
        in_bias = rec_bias = None
        if self.bias is not None:
            in_bias, rec_bias = (self.bias[0], self.bias[1]) if self.reset_after else (
                self.bias, None)
        if self.dropout_mask_count:
            z, r, x_h, rec_h = self._gates_per_mask(inputs, h_prev, dp, rdp, in_bias, rec_bias)
        else:
            x = inputs if dp is None else inputs * dp
            x_z, x_r, x_h = ops.split(ops.linear(x, self.kernel, in_bias), 3, axis=-1)
            u = self.units
            if self.reset_after:
                inner = ops.linear(h_prev, self.recurrent_kernel, rec_bias)
            else:
                inner = ops.matmul(h_prev, self.recurrent_kernel[:, :2 * u])
            z = self.recurrent_activation(x_z + inner[:, :u])
            r = self.recurrent_activation(x_r + inner[:, u:2 * u])
            if self.reset_after:
                rec_h = r * inner[:, 2 * u:]
            else:
                rec_h = ops.matmul(r * h_prev, self.recurrent_kernel[:, 2 * u:])
        hh = self.activation(x_h + rec_h)
        h = z * h_prev + (1 - z) * hh
        return h, ([h] if is_list else h)

    def _gates_per_mask(self, inputs, h_prev, dp, rdp, in_bias, rec_bias):
        """Gates with one dropout mask per gate (implementation 1)."""
        ks = ops.split(self.kernel, 3, axis=1)
        rks = ops.split(self.recurrent_kernel, 3, axis=1)
        ib = ops.split(in_bias, 3, axis=-1) if in_bias is not None else [None] * 3
        rb = ops.split(rec_bias, 3, axis=-1) if rec_bias is not None else [None] * 3
        xs = [ops.linear(inputs if dp is None else inputs * dp[g], ks[g], ib[g])
              for g in range(3)]
        hs = [h_prev if rdp is None else h_prev * rdp[g] for g in range(3)]
        z = self.recurrent_activation(xs[0] + ops.linear(hs[0], rks[0], rb[0]))
        r = self.recurrent_activation(xs[1] + ops.linear(hs[1], rks[1], rb[1]))
        if self.reset_after:
            rec_h = r * ops.linear(hs[2], rks[2], rb[2])
        else:
            rec_h = ops.matmul(r * hs[2], rks[2])
        return z, r, xs[2], rec_h


class GRU(CellArgumentsMixin, RNN):
    """Gated recurrent unit layer.

    Runs as one call of torch's fused GRU kernel (cuDNN on a GPU) when the configuration
    allows it (``activation="tanh"``, ``recurrent_activation="sigmoid"``,
    ``recurrent_dropout=0``, ``unroll=False``, ``use_bias=True``, ``reset_after=True``, and
    no mask or a right-padded one); otherwise as a step loop with the same results.

    Args:
        units: size of the output.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
        bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed, reset_after: as in ``GRUCell``.
        activity_regularizer: a penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in ``RNN``.
        use_cudnn: "auto" (fused kernel when possible), True (require it) or False.

    Example:
        >>> import cornu
        >>> cornu.layers.GRU(4, return_sequences=True)(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 5, 4])
    """

    def __init__(self, units=None, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        check_use_cudnn(type(self).__name__, use_cudnn)
        cell = GRUCell(**collect_args(locals(), kwargs, _KEYS),
                       implementation=kwargs.pop("implementation", 2),
                       dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                       name="gru_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = use_cudnn
        can_fuse(cell, self.unroll, use_cudnn, gru=True)  # raises early for misfits

    def inner_loop(self, sequences, initial_state, mask, training=False):
        if can_fuse(self.cell, self.unroll, self.use_cudnn, gru=True):
            x = dropped_inputs(self.cell, sequences, training)
            if x is not None:
                h0 = initial_state[0]
                if isinstance(h0, (list, tuple)):
                    h0 = h0[0]
                try:
                    return ops.gru(
                        x, h0, mask, self.cell.kernel, self.cell.recurrent_kernel,
                        self.cell.bias, return_sequences=self.return_sequences,
                        go_backwards=self.go_backwards,
                        zero_output_for_mask=self.zero_output_for_mask)
                except NotImplementedError:  # a mask that is not right-padded
                    pass
        return super().inner_loop(sequences, initial_state, mask, training=training)

    def get_config(self) -> dict:
        return self._layer_config(super().get_config())

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
