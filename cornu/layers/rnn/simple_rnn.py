"""``SimpleRNNCell`` and ``SimpleRNN``: the fully connected recurrent layer."""

from __future__ import annotations

from cornu import ops
from cornu.layers.input_spec import InputSpec
from cornu.layers.rnn._base_cell import (
    BaseRNNCell,
    CellArgumentsMixin,
    collect_args,
    legacy_recurrent_kwargs,
)
from cornu.layers.rnn.rnn import RNN

_KEYS = ("units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
         "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
         "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
         "recurrent_dropout", "seed")


class SimpleRNNCell(BaseRNNCell):
    """One step of a simple RNN: ``h = activation(x @ kernel + h_prev @ recurrent_kernel + b)``.

    Args:
        units: size of the output and of the state.
        activation: activation (default ``tanh``; None means linear).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers
            (``glorot_uniform``, ``orthogonal``, ``zeros``).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: optional constraints.
        dropout: fraction of the inputs dropped while training (one mask per sequence).
        recurrent_dropout: fraction of the previous state dropped while training.
        seed: an int for repeatable dropout masks.

    Call: ``cell(inputs, states, training=False)`` returns ``(output, new_states)``.

    Example:
        >>> import cornu
        >>> cell = cornu.layers.SimpleRNNCell(4)
        >>> out, states = cell(cornu.ops.ones((2, 3)), [cornu.ops.zeros((2, 4))])
        >>> tuple(out.shape), len(states)
        ((2, 4), 1)
    """

    _CONFIG_KEYS = _KEYS

    def __init__(self, units=None, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        super().__init__(**collect_args(locals(), kwargs, _KEYS), **kwargs)

    def build(self, input_shape) -> None:
        self._build_weights(input_shape[-1], (self.units,))

    def call(self, inputs, states, training=False):
        is_list = isinstance(states, (list, tuple))
        prev = states[0] if is_list else states
        if training and 0.0 < self.dropout < 1.0:
            inputs = inputs * self.get_dropout_mask(inputs)
        h = ops.linear(inputs, self.kernel, self.bias)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            prev = prev * self.get_recurrent_dropout_mask(prev)
        output = self.activation(h + ops.matmul(prev, self.recurrent_kernel))
        return output, ([output] if is_list else output)


class SimpleRNN(CellArgumentsMixin, RNN):
    """A fully connected RNN whose output is fed back as the next step's state.

    Args:
        units: size of the output.
        activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
        kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
        recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed: as in
            ``SimpleRNNCell``.
        activity_regularizer: a penalty on the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in ``RNN``.

    Input ``(batch, time, features)``; output ``(batch, units)`` or, with
    ``return_sequences``, ``(batch, time, units)``.

    Example:
        >>> import cornu
        >>> cornu.layers.SimpleRNN(4)(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 4])
    """

    def __init__(self, units=None, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        kwargs = legacy_recurrent_kwargs(type(self).__name__, kwargs)
        kwargs.pop("implementation", None)
        cell = SimpleRNNCell(**collect_args(locals(), kwargs, _KEYS), dtype=kwargs.get("dtype"),
                             trainable=kwargs.get("trainable", True), name="simple_rnn_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def get_config(self) -> dict:
        return self._layer_config(super().get_config())

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
