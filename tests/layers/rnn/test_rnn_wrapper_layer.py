"""RNN with custom and stacked cells, stateful layers, dropout masks, masking semantics
(NumPy reference), Keras 2 list inputs."""

import numpy as np
import pytest
import torch

import cornu
from cornu import layers, ops
from tests.layers.layer_test_utils import check_layer
from tests.layers.rnn.rnn_oracle import assert_same, random_array, twins

X = random_array((3, 5, 4))


class MinimalCell(layers.Layer):
    """The custom cell of the Keras guide: ``h = x @ W + h_prev @ U``."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), name="w")
        self.u = self.add_weight(shape=(self.units, self.units), name="u")

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.w) + ops.matmul(states[0], self.u)
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _reference_minimal(x, w, u, mask=None):
    h = np.zeros((x.shape[0], w.shape[1]), np.float64)
    out = np.zeros_like(h)
    outputs = []
    for t in range(x.shape[1]):
        new = x[:, t] @ w + h @ u
        keep = np.ones((x.shape[0], 1), bool) if mask is None else mask[:, t:t + 1]
        h = np.where(keep, new, h)
        out = np.where(keep, new, out)
        outputs.append(out)
    return np.stack(outputs, 1), h


@pytest.mark.parametrize("mask", [None, np.array([[1, 1, 0, 1, 0], [0, 1, 1, 1, 1],
                                                  [1, 1, 1, 1, 1]], bool)])
def test_custom_cell_matches_numpy_reference(mask):
    layer = layers.RNN(MinimalCell(3), return_sequences=True, return_state=True)
    extra = {} if mask is None else {"mask": mask}
    seq, state = layer(X, **extra)
    w, u = (v.astype(np.float64) for v in layer.get_weights())
    want_seq, want_state = _reference_minimal(X.astype(np.float64), w, u, mask)
    np.testing.assert_allclose(ops.convert_to_numpy(seq), want_seq, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(state), want_state, rtol=1e-5, atol=1e-6)


def test_custom_cell_in_functional_model_and_config_round_trip():
    inputs = cornu.Input((5, 4))
    outputs = layers.RNN(MinimalCell(3))(inputs)
    assert tuple(outputs.shape) == (None, 3)
    layer = layers.RNN(MinimalCell(3), go_backwards=True)
    out = layer(X)
    clone = layers.RNN.from_config(layer.get_config(), custom_objects={"MinimalCell": MinimalCell})
    clone(X)
    clone.set_weights(layer.get_weights())
    assert_same(clone(X), out)


@pytest.mark.parametrize("cells", [
    lambda m: [m.SimpleRNNCell(3), m.LSTMCell(4)],
    lambda m: [m.LSTMCell(4), m.GRUCell(3)],
    lambda m: m.StackedRNNCells([m.GRUCell(2), m.GRUCell(3, reset_after=False)]),
])
def test_stacked_cells_match_keras(keras, cells):
    def make(m):
        c = cells(m)
        c = m.StackedRNNCells(c) if isinstance(c, list) else c
        return m.RNN(c, return_sequences=True, return_state=True)

    ours, theirs = twins(keras, make, [X.shape])
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]], bool)
    assert_same(ours(X), theirs(X))
    assert_same(ours(X, mask=mask), theirs(X, mask=mask))


def test_rnn_with_builtin_cells_matches_keras(keras):
    for make in (lambda m: m.RNN(m.LSTMCell(3), return_sequences=True),
                 lambda m: m.RNN(m.GRUCell(3, dropout=0.5), go_backwards=True),
                 lambda m: m.RNN(m.SimpleRNNCell(3, activation="relu"))):
        ours, theirs = twins(keras, make, [X.shape])
        assert_same(ours(X), theirs(X))
    check_layer(layers.RNN, {"cell": layers.LSTMCell(2)}, input_shape=(2, 5, 3),
                expected_output_shape=(2, 2), expected_num_trainable_weights=3)


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_stateful_layers_carry_states_between_calls(name):
    layer = getattr(layers, name)(3, stateful=True)
    plain = getattr(layers, name)(3, return_state=True)
    first = layer(X)
    plain.build(X.shape)
    plain.set_weights(layer.get_weights())
    out = plain(X)
    states = list(out[1:])
    assert_same(first, out[0])
    assert_same(layer(X), plain(X, initial_state=states)[0])
    assert len(layer.weights) == 3  # the kept states are not weights
    layer.reset_states()
    assert_same(layer(X), first)
    layer.reset_state()
    assert all(not ops.convert_to_numpy(s).any() for s in layer.states)
    with pytest.raises(ValueError, match="batch of 3"):
        layer(X[:2])


def test_stateful_training_and_keras2_reset_states_values():
    model = cornu.Sequential([cornu.Input(batch_shape=(2, 5, 4)), layers.LSTM(3, stateful=True),
                              layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(random_array((6, 5, 4)), np.zeros((6, 1), "f"), batch_size=2, shuffle=False,
              epochs=2, verbose=0)
    lstm = model.layers[0]
    lstm.reset_states([np.ones((2, 3), "f"), np.full((2, 3), 2.0, "f")])
    np.testing.assert_array_equal(ops.convert_to_numpy(lstm.states[1]), np.full((2, 3), 2.0))


@pytest.mark.parametrize("make", [
    lambda: layers.SimpleRNN(4, dropout=0.5, return_sequences=True),
    lambda: layers.LSTM(4, dropout=0.5, return_sequences=True),  # fused path
    lambda: layers.GRU(4, dropout=0.5, return_sequences=True, use_cudnn=False),
])
def test_input_dropout_mask_is_fixed_per_sequence(make):
    layer = make()
    reference = make()
    layer.build(X.shape)
    reference.build(X.shape)
    reference.set_weights(layer.get_weights())
    mask = (np.random.default_rng(0).random((3, 4)) > 0.5).astype("f") * 2.0
    layer.cell._dropout_mask = ops.convert_to_tensor(mask)
    dropped = layer(X, training=True)
    assert layer.cell._dropout_mask is None  # forgotten after the sequence
    assert_same(dropped, reference(X * mask[:, None, :]))
    assert_same(layer(X, training=False), reference(X))


def test_masks_are_drawn_once_per_sequence_and_differ_between_calls(monkeypatch):
    layer = layers.LSTM(4, dropout=0.3, recurrent_dropout=0.3, return_sequences=True)
    layer(X)
    draws = []
    original = type(layer.cell)._create_dropout_mask

    def counting(self, like, rate):
        draws.append(rate)
        return original(self, like, rate)

    monkeypatch.setattr(type(layer.cell), "_create_dropout_mask", counting)
    a = ops.convert_to_numpy(layer(X, training=True))
    b = ops.convert_to_numpy(layer(X, training=True))
    assert draws == [0.3, 0.3, 0.3, 0.3]  # input + recurrent masks, once per call
    assert not np.allclose(a, b)
    assert_same(layer(X), layer(X, training=False))


def test_recurrent_dropout_uses_one_mask_per_gate():
    cell = layers.LSTMCell(3, recurrent_dropout=0.5, seed=1)
    assert cell.implementation == 1 and cell.dropout_mask_count == 4
    masks = cell.get_recurrent_dropout_mask(ops.ones((2, 3)))
    assert len(masks) == 4 and masks is cell.get_recurrent_dropout_mask(ops.ones((2, 3)))


def test_keras2_list_inputs_and_unroll():
    layer = layers.LSTM(3, return_state=True)
    h, c = random_array((3, 3), 1), random_array((3, 3), 2)
    assert_same(layer([X, h, c]), layer(X, initial_state=[h, c]))
    inputs = [cornu.Input((5, 4)), cornu.Input((3,)), cornu.Input((3,))]
    assert tuple(layer(inputs)[0].shape) == (None, 3)
    unrolled = layers.GRU(3, unroll=True)
    unrolled.build(X.shape)
    rolled = layers.GRU(3, weights=unrolled.get_weights())
    assert_same(unrolled(X), rolled(X))


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(3))
    with pytest.raises(ValueError, match="call"):
        layers.RNN(object())
    with pytest.raises(ValueError, match="StackedRNNCells"):
        layers.StackedRNNCells([object()])
    assert torch.is_tensor(layers.RNN(MinimalCell(2))(X))
