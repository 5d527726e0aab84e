"""``StackedRNNCells``: several cells run one after another within each time step."""

from __future__ import annotations

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.rnn.rnn import _fast_call, _takes_training


class StackedRNNCells(Layer):
    """Wraps a list of cells as one cell: at each step the output of a cell is the input of
    the next; the states are one entry per cell.

    Args:
        cells: the cells, first to last.

    Example:
        >>> import cornu
        >>> cells = [cornu.layers.LSTMCell(8), cornu.layers.GRUCell(4)]
        >>> layer = cornu.layers.RNN(cornu.layers.StackedRNNCells(cells))
        >>> layer(cornu.ops.ones((2, 5, 3))).shape
        torch.Size([2, 4])
    """

    _direct_step_call = True

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        cells = list(cells)
        for cell in cells:
            if not callable(getattr(cell, "call", None)) or not hasattr(cell, "state_size"):
                raise ValueError(
                    "StackedRNNCells: every cell needs a `call(inputs, states)` method and a "
                    f"`state_size` attribute; got {cell!r}.")
        self.cells = cells
        self._calls = [(_fast_call(c), _takes_training(c)) for c in cells]

    @property
    def state_size(self) -> list:
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        size = last.state_size
        return size[0] if isinstance(size, (list, tuple)) else size

    def get_initial_state(self, batch_size=None) -> list:
        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                states.append(fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(ops.zeros((batch_size, cell.state_size), dtype=self.compute_dtype))
            else:
                states.append([ops.zeros((batch_size, d), dtype=self.compute_dtype)
                               for d in cell.state_size])
        return states

    def build(self, input_shape) -> None:
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            size = getattr(cell, "output_size", None)
            if size is None:
                size = cell.state_size
                size = size[0] if isinstance(size, (list, tuple)) else size
            input_shape = (input_shape[0], size)
        self.built = True

    def call(self, inputs, states, training=False):
        new_states = []
        for (call, takes_training), cell_states in zip(self._calls, states):
            was_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if was_list else [cell_states]
            kwargs = {"training": training} if takes_training else {}
            inputs, cell_states = call(inputs, cell_states, **kwargs)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        return inputs, new_states

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config["cells"] = [serialize_keras_object(c) for c in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu import layers

        config = dict(config)
        cells = [layers.deserialize(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)
