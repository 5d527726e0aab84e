"""What SimpleRNNCell, LSTMCell and GRUCell share: arguments, weights, config."""

from __future__ import annotations

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers.layer import Layer
from cornu.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from cornu.utils.legacy import legacy_kwargs, warn_once

# Keras 1/2 spellings of recurrent arguments.
LEGACY_RENAMES = {
    "output_dim": "units", "init": "kernel_initializer", "inner_init": "recurrent_initializer",
    "inner_activation": "recurrent_activation", "W_regularizer": "kernel_regularizer",
    "U_regularizer": "recurrent_regularizer", "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint", "U_constraint": "recurrent_constraint",
    "b_constraint": "bias_constraint", "dropout_W": "dropout", "dropout_U": "recurrent_dropout",
    "bias": "use_bias",
}


def legacy_recurrent_kwargs(owner: str, kwargs: dict) -> dict:
    """Renames Keras 1/2 recurrent arguments; drops ``consume_less`` (with a warning)."""
    kwargs = legacy_kwargs(owner, kwargs, LEGACY_RENAMES)
    if "consume_less" in kwargs:
        kwargs.pop("consume_less")
        warn_once(f"{owner}.consume_less", f"{owner}: `consume_less` (Keras 1) has no effect; "
                  "cornu picks the fastest implementation itself.")
    if "forget_bias_init" in kwargs:  # Keras 1: "one" meant unit_forget_bias=True
        kwargs["unit_forget_bias"] = kwargs.pop("forget_bias_init") in ("one", "ones")
    return kwargs


def collect_args(local_vars: dict, kwargs: dict, keys) -> dict:
    """The arguments ``keys`` from a constructor's ``locals()``, overridden by any of them in
    ``kwargs`` (where Keras 1/2 spellings land after renaming); those are popped."""
    args = {k: local_vars[k] for k in keys if k in local_vars}
    args.update({k: kwargs.pop(k) for k in keys if k in kwargs})
    return args


class BaseRNNCell(Layer, DropoutRNNCell):
    """A cell computing ``(output, new_states) = call(inputs, states)`` for one time step.

    Subclasses set ``GATES`` (weight blocks per unit) and implement ``call``.
    """

    GATES = 1
    _CONFIG_KEYS: tuple = ()
    _direct_step_call = True  # the RNN loop calls ``cell.call`` directly

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 implementation=2, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `units` must be a positive integer, "
                f"got {units!r}.")
        self.units = units
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.implementation = 1 if self.recurrent_dropout else implementation
        self.state_size = units
        self.output_size = units

    def _build_weights(self, input_dim: int, bias_shape, bias_initializer=None) -> None:
        n = self.GATES * self.units
        self.kernel = self.add_weight(
            shape=(input_dim, n), initializer=self.kernel_initializer, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, n), initializer=self.recurrent_initializer,
            name="recurrent_kernel", regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape, initializer=bias_initializer or self.bias_initializer,
                name="bias", regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def get_initial_state(self, batch_size=None) -> list:
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [
            self.state_size]
        return [ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in sizes]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(cell_config(self, self._CONFIG_KEYS))
        return config


def cell_config(cell, keys) -> dict:
    """The serialized recurrent arguments ``keys`` of ``cell`` (activations, initializers...)."""
    out = {}
    for key in keys:
        value = getattr(cell, key)
        if key.endswith("activation"):
            value = activations.serialize(value)
        elif key.endswith("initializer"):
            value = initializers.serialize(value)
        elif key.endswith("regularizer"):
            value = regularizers.serialize(value)
        elif key.endswith("constraint"):
            value = constraints.serialize(value)
        out[key] = value
    return out


def unit_forget_bias_initializer(units: int, base):
    """A bias initializer giving the forget-gate block (second of four) the value 1."""

    def init(shape, dtype=None):
        return ops.concatenate([
            base((units,), dtype=dtype),
            ops.ones((units,), dtype=dtype),
            base((units * 2,), dtype=dtype),
        ])

    return init


class CellArgumentsMixin:
    """Read-only views of a recurrent layer's cell arguments (``layer.units``, ...)."""

    units = property(lambda self: self.cell.units)
    activation = property(lambda self: self.cell.activation)
    recurrent_activation = property(lambda self: self.cell.recurrent_activation)
    use_bias = property(lambda self: self.cell.use_bias)
    unit_forget_bias = property(lambda self: self.cell.unit_forget_bias)
    reset_after = property(lambda self: self.cell.reset_after)
    kernel_initializer = property(lambda self: self.cell.kernel_initializer)
    recurrent_initializer = property(lambda self: self.cell.recurrent_initializer)
    bias_initializer = property(lambda self: self.cell.bias_initializer)
    kernel_regularizer = property(lambda self: self.cell.kernel_regularizer)
    recurrent_regularizer = property(lambda self: self.cell.recurrent_regularizer)
    bias_regularizer = property(lambda self: self.cell.bias_regularizer)
    kernel_constraint = property(lambda self: self.cell.kernel_constraint)
    recurrent_constraint = property(lambda self: self.cell.recurrent_constraint)
    bias_constraint = property(lambda self: self.cell.bias_constraint)
    dropout = property(lambda self: self.cell.dropout)
    recurrent_dropout = property(lambda self: self.cell.recurrent_dropout)
    implementation = property(lambda self: self.cell.implementation)

    def _layer_config(self, base: dict) -> dict:
        """``base`` (the RNN config) without the cell, plus the cell's own arguments."""
        config = {k: v for k, v in base.items() if k != "cell"}
        config.update(cell_config(self.cell, self.cell._CONFIG_KEYS))
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config
