"""``Bidirectional``: runs a recurrent layer forwards and backwards and merges the two."""

from __future__ import annotations

import inspect

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.rnn._fused import can_fuse
from cornu.layers.rnn.gru import GRU
from cornu.layers.rnn.lstm import LSTM

_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


class Bidirectional(Layer):
    """Runs a copy of ``layer`` over the sequence forwards and another (or
    ``backward_layer``) backwards, and merges their outputs.

    With ``return_sequences``, the backward outputs are put back in time order before
    merging, so step ``t`` of the result sees the whole sequence.

    Args:
        layer: a recurrent layer (``LSTM``, ``GRU``, ``SimpleRNN``, ``RNN``...). It is
            copied (with ``name`` "forward_<name>"); the instance itself is not used.
        merge_mode: "concat" (default), "sum", "mul", "ave", or None (a list of both).
        weights: initial weights (forward layer's first, then backward's).
        backward_layer: the layer for the backward direction (default: a copy of ``layer``
            with ``go_backwards`` flipped).

    Call arguments: ``sequences``, ``initial_state`` (forward states then backward
    states), ``mask``, ``training``.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.Bidirectional(cornu.layers.LSTM(4, return_sequences=True))
        >>> layer(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 5, 8])
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Bidirectional: `layer` must be a cornu Layer instance; got {layer!r}.")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "Bidirectional: `backward_layer` must be a cornu Layer instance; got "
                f"{backward_layer!r}.")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Bidirectional: `merge_mode` must be one of {list(_MERGE_MODES)}; got "
                f"{merge_mode!r}.")
        if weights is not None:
            kwargs["weights"] = weights
        super().__init__(**kwargs)
        if self._batch_input_shape is None:  # Keras 2: Bidirectional(LSTM(.., input_shape=..))
            self._batch_input_shape = getattr(layer, "_batch_input_shape", None)
        self.forward_layer = _clone(layer, name=f"forward_{_strip(layer.name, 'forward_')}")
        if backward_layer is None:
            backward_layer = _clone(layer, name=f"backward_{_strip(layer.name, 'backward_')}",
                                    go_backwards=not getattr(layer, "go_backwards", False))
        self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._check_pair()
        for sub in (self.forward_layer, self.backward_layer):
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self.stateful = getattr(layer, "stateful", False)
        self.return_sequences = getattr(layer, "return_sequences", False)
        self.return_state = getattr(layer, "return_state", False)
        self.supports_masking = True
        self.input_spec = layer.input_spec
        params = inspect.signature(self.forward_layer.call).parameters
        self._sub_training = "training" in params
        self._sub_mask = "mask" in params

    def _check_pair(self) -> None:
        fwd, bwd = self.forward_layer, self.backward_layer
        if getattr(fwd, "go_backwards", False) == getattr(bwd, "go_backwards", False):
            raise ValueError(
                "Bidirectional: the forward and backward layers must have different "
                f"`go_backwards` values; both have {getattr(fwd, 'go_backwards', False)}.")
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(fwd, attr, None) != getattr(bwd, attr, None):
                raise ValueError(
                    f"Bidirectional: the forward and backward layers must agree on `{attr}`; "
                    f"got {getattr(fwd, attr, None)} and {getattr(bwd, attr, None)}.")

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                sub.build(sequences_shape)
                sub.built = True
        self.built = True

    def call(self, sequences, initial_state=None, mask=None, training=None):
        fused = self._fused_op(initial_state, training)
        if fused is not None:
            try:
                return self._call_fused(fused, sequences, initial_state, mask)
            except NotImplementedError:  # a mask that is not right-padded
                pass
        kwargs = {}
        if self._sub_training:
            kwargs["training"] = training
        if self._sub_mask:
            kwargs["mask"] = mask
        fwd_state = bwd_state = None
        if initial_state is not None:
            sizes = getattr(self.forward_layer, "state_size", None)
            half = len(sizes) if sizes else len(initial_state) // 2
            fwd_state, bwd_state = list(initial_state[:half]), list(initial_state[half:])
        y = self.forward_layer(sequences, initial_state=fwd_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=bwd_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = ops.flip(y_rev, axis=1)
        output = _merge(self.merge_mode, y, y_rev)
        if self.return_state:
            return (*output, *states) if self.merge_mode is None else (output, *states)
        return output

    def _fused_op(self, initial_state, training):
        """The fused two-direction op when both layers are fusable LSTMs (or GRUs) of the
        same size, else None."""
        fwd, bwd = self.forward_layer, self.backward_layer
        if type(fwd) is not type(bwd) or type(fwd) not in (LSTM, GRU) or self.stateful:
            return None
        gru = type(fwd) is GRU
        for sub in (fwd, bwd):
            if not sub.built or not can_fuse(sub.cell, sub.unroll, sub.use_cudnn, gru=gru):
                return None
            if training and sub.cell.dropout > 0:
                return None
        if fwd.go_backwards or not bwd.go_backwards or fwd.units != bwd.units:
            return None
        n_states = 1 if gru else 2
        if initial_state is not None and len(initial_state) != 2 * n_states:
            return None
        return ops.bidirectional_gru if gru else ops.bidirectional_lstm

    def _call_fused(self, op, sequences, initial_state, mask):
        fwd, bwd = self.forward_layer, self.backward_layer
        if initial_state is None:
            batch = ops.shape(sequences)[0]
            fwd_states, bwd_states = fwd.get_initial_state(batch), bwd.get_initial_state(batch)
        else:
            half = len(initial_state) // 2
            fwd_states, bwd_states = initial_state[:half], initial_state[half:]
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        weights = [(layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias)
                   for layer in (fwd, bwd)]
        (y, seq, states), (y_rev, seq_rev, states_rev) = op(
            sequences, list(fwd_states), list(bwd_states), mask, weights[0], weights[1],
            return_sequences=self.return_sequences)
        if self.return_sequences:
            y, y_rev = seq, seq_rev
        output = _merge(self.merge_mode, y, y_rev)
        if not self.return_state:
            return output
        both = (*states, *states_rev)
        return (*output, *both) if self.merge_mode is None else (output, *both)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shapes = ()
        if self.return_state:
            shape, state_shapes = shape[0], tuple(shape[1:])
        if self.merge_mode == "concat":
            shape = (*shape[:-1], None if shape[-1] is None else shape[-1] * 2)
        elif self.merge_mode is None:
            shape = [tuple(shape), tuple(shape)]
        if self.return_state:
            head = tuple(shape) if self.merge_mode is None else (tuple(shape),)
            return head + state_shapes + state_shapes
        return shape if self.merge_mode is None else tuple(shape)

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if self.return_sequences:
            output_mask = [mask, mask] if self.merge_mode is None else mask
        else:
            output_mask = [None, None] if self.merge_mode is None else None
        if self.return_state:
            n_states = 2 * len(getattr(self.forward_layer, "state_size", [None]))
            head = output_mask if isinstance(output_mask, list) else [output_mask]
            return head + [None] * n_states
        return output_mask

    @property
    def states(self):
        fwd, bwd = self.forward_layer.states, self.backward_layer.states
        if fwd and bwd:
            return tuple(fwd) + tuple(bwd)
        return None

    def reset_state(self) -> None:
        if not self.stateful:
            raise AttributeError(
                f"Bidirectional '{self.name}' is not stateful; only stateful layers keep states "
                "to reset.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        self.reset_state()

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize_keras_object(self.forward_layer)
        config["backward_layer"] = serialize_keras_object(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu import layers

        config = dict(config)
        config["layer"] = layers.deserialize(config["layer"], custom_objects=custom_objects)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = layers.deserialize(config["backward_layer"],
                                                          custom_objects=custom_objects)
        return cls(**config)


def _merge(mode, y, y_rev):
    if mode == "concat":
        return ops.concatenate([y, y_rev], axis=-1)
    if mode == "sum":
        return y + y_rev
    if mode == "ave":
        return (y + y_rev) / 2
    if mode == "mul":
        return y * y_rev
    return [y, y_rev]


def _strip(name: str, prefix: str) -> str:
    return name[len(prefix):] if name.startswith(prefix) else name


def _clone(layer, **overrides):
    """A fresh, unbuilt copy of ``layer`` from its config, with ``overrides`` applied."""
    config = layer.get_config()
    config.update(overrides)
    custom = {type(sub).__name__: type(sub) for sub in layer._flatten_layers()}
    if "custom_objects" in inspect.signature(type(layer).from_config).parameters:
        return type(layer).from_config(config, custom_objects=custom)
    return type(layer).from_config(config)
