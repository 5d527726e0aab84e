"""``RNN``: runs a recurrent cell over the time axis of a sequence."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.utils import tree


class RNN(Layer):
    """Applies ``cell`` to each time step of a ``(batch, time, ...)`` sequence.

    A cell is any object with a ``state_size`` (an int, or a list of ints, one per state)
    and a ``call(inputs, states) -> (output, new_states)`` method; usually a ``Layer``
    (``SimpleRNNCell``, ``LSTMCell``, ``GRUCell`` or your own). A list of cells is stacked
    with ``StackedRNNCells``.

    Args:
        cell: the cell (or a list of cells).
        return_sequences: return the outputs of every step (``(batch, time, units)``)
            instead of the last one.
        return_state: also return the final states (``output, *states``).
        go_backwards: process the sequence from last step to first (outputs come back in
            that order).
        stateful: keep the final states of each batch as the initial states of the next
            (the batch size must stay fixed); ``reset_states()`` zeroes them.
        unroll: accepted for Keras compatibility; the loop runs the same either way.
        zero_output_for_mask: output zeros (instead of the previous output) at masked steps.

    Call arguments: ``sequences``, ``initial_state`` (list of tensors), ``mask``
    (``(batch, time)`` booleans; masked steps keep the previous state), ``training``.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.RNN(cornu.layers.SimpleRNNCell(4), return_sequences=True)
        >>> layer(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 5, 4])
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            from cornu.layers.rnn.stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                f"RNN: `cell` must have a `call(inputs, states)` method; got {cell!r}.")
        state_size = getattr(cell, "state_size", None)
        if state_size is None or not isinstance(state_size, (int, list, tuple)):
            raise ValueError(
                f"RNN: the cell {cell!r} must have a `state_size` attribute (an int, or a list "
                f"of ints, one per state); got {state_size!r}.")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)
        self._state_vars = None
        self._cell_call = _fast_call(cell)
        self._cell_takes_training = _takes_training(cell)

    # --- building -------------------------------------------------------------------------
    def build(self, sequences_shape, initial_state_shape=None) -> None:
        sequences_shape = _first(sequences_shape)
        step_shape = (sequences_shape[0], *sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell.built = True
        if self.stateful and self._state_vars is None and sequences_shape[0] is not None:
            self._create_state_variables(sequences_shape[0])
        self.built = True

    def _create_state_variables(self, batch_size: int) -> None:
        self._state_vars = tree.map_structure(
            lambda v: backend.Variable(v, trainable=False, name="rnn_state"),
            self.get_initial_state(batch_size))

    def get_initial_state(self, batch_size) -> list:
        """Zero states (or the cell's ``get_initial_state``) for ``batch_size`` sequences."""
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
            return [ops.zeros((batch_size, d), dtype=dtype) for d in self.state_size]
        state = fn(batch_size=batch_size)
        return list(state) if isinstance(state, (list, tuple)) else [state]

    # --- states -------------------------------------------------------------------------
    @property
    def states(self):
        """The kept states of a stateful layer (None before its first call)."""
        return self._state_vars

    def reset_state(self) -> None:
        """Zeroes the kept states of a stateful layer."""
        if self._state_vars is not None:
            for v in tree.flatten(self._state_vars):
                v.assign(ops.zeros_like(v))

    def reset_states(self, states=None) -> None:
        """Zeroes the kept states, or (Keras 2) sets them to the arrays ``states``."""
        if states is None or self._state_vars is None:
            self.reset_state()
            if states is None:
                return
            raise ValueError(
                f"RNN '{self.name}': the states are created on the first call; call the layer "
                "once (or build it with a fixed batch size) before setting them.")
        flat = tree.flatten(self._state_vars)
        values = states if isinstance(states, (list, tuple)) else [states]
        if len(values) != len(flat):
            raise ValueError(
                f"RNN '{self.name}': expected {len(flat)} state arrays, got {len(values)}.")
        for v, value in zip(flat, values):
            v.assign(value)

    def _stateful_initial_state(self, batch_size):
        if self._state_vars is None:
            self._create_state_variables(batch_size)
        expected = tuple(tree.flatten(self._state_vars)[0].shape)[0]
        if batch_size != expected:
            raise ValueError(
                f"RNN '{self.name}' is stateful with states for a batch of {expected} "
                f"sequences, but received a batch of {batch_size}. Feed batches of exactly "
                f"{expected} sequences (e.g. `batch_size={expected}` in fit/predict, with a "
                "number of samples divisible by it), or call `reset_states()` after building "
                "a new layer for the new batch size.")
        # Copies: the kept variables are updated in place after the call.
        return tree.map_structure(ops.copy, self._state_vars)

    # --- calling ------------------------------------------------------------------------
    def call(self, sequences, initial_state=None, mask=None, training=False):
        if isinstance(sequences, (list, tuple)):  # Keras 2: [inputs, *initial_states]
            sequences, rest = sequences[0], list(sequences[1:])
            initial_state = rest or initial_state
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        batch_size = ops.shape(sequences)[0]
        if initial_state is None:
            if self.stateful:
                initial_state = self._stateful_initial_state(batch_size)
            else:
                initial_state = self.get_initial_state(batch_size)
        else:
            if not isinstance(initial_state, (list, tuple)):
                initial_state = [initial_state]
            dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
            initial_state = tree.map_structure(
                lambda s: ops.convert_to_tensor(s, dtype=dtype), list(initial_state))
        initial_state = list(initial_state)
        try:
            last_output, outputs, states = self.inner_loop(
                sequences, initial_state, mask, training=bool(training))
        finally:
            _reset_dropout_masks(self.cell)
        if self.stateful:
            for var, value in zip(tree.flatten(self._state_vars), tree.flatten(states)):
                var.assign(ops.stop_gradient(value))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return (output, *states)
        return output

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """Runs the cell over the sequence: ``(last_output, outputs, final_states)``."""
        cell_call = self._cell_call
        kwargs = {"training": training} if self._cell_takes_training else {}

        def step(inputs, states):
            return cell_call(inputs, list(states), **kwargs)

        return ops.rnn(step, sequences, initial_state, go_backwards=self.go_backwards,
                       mask=mask, unroll=self.unroll,
                       zero_output_for_mask=self.zero_output_for_mask,
                       return_all_outputs=self.return_sequences)

    # --- shapes and masks ----------------------------------------------------------------
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = _first(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        states = [(batch, s) if isinstance(s, int) else [(batch, d) for d in s]
                  for s in self.state_size]
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            first = self.state_size[0]
            output_size = first if isinstance(first, int) else first[0]
        output = (batch, steps, output_size) if self.return_sequences else (batch, output_size)
        if self.return_state:
            return (output, *states)
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    # --- config ---------------------------------------------------------------------------
    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_keras_object(self.cell),
        })
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu import layers

        config = dict(config)
        cell = layers.deserialize(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


def _first(shape):
    """The sequence shape of a Keras 2 ``[inputs, *initial_states]`` shape list."""
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return tuple(shape[0])
    return tuple(shape)


def _fast_call(cell):
    """``cell.call`` for cornu's own cells (no per-step ``__call__`` bookkeeping), else the
    cell's ``__call__`` (custom cells get building, masks and training as usual)."""
    if getattr(cell, "_direct_step_call", False):
        return cell.call
    return cell if callable(cell) else cell.call


def _takes_training(cell) -> bool:
    import inspect

    try:
        return "training" in inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return False


def _reset_dropout_masks(cell) -> None:
    if hasattr(cell, "reset_dropout_mask"):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for sub in getattr(cell, "cells", ()) or ():
        _reset_dropout_masks(sub)
