"""SimpleRNN, LSTM, GRU: Keras 3 oracle on both the fused and the step-loop path, masks,
initial states, the standard battery, gradients, Keras 1/2 arguments."""

import numpy as np
import pytest
import torch

import cornu
from cornu import layers, ops
from tests.layers.layer_test_utils import check_layer
from tests.layers.rnn.rnn_oracle import (
    assert_same,
    check_weight_gradients,
    random_array,
    twins,
)

SHAPE = (3, 6, 5)
X = random_array(SHAPE)
RIGHT_PADDED = np.array([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0]], bool)
HOLES = np.array([[1, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [0, 0, 1, 0, 1, 0]], bool)
FULLY_MASKED = np.array([[1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]], bool)
MODES = [{}, {"return_sequences": True}, {"return_state": True},
         {"go_backwards": True, "return_sequences": True, "return_state": True},
         {"go_backwards": True}]


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("mask", [None, RIGHT_PADDED, HOLES, FULLY_MASKED])
def test_matches_keras(keras, name, mode, mask):
    ours, theirs = twins(keras, lambda m: getattr(m, name)(4, **mode), [SHAPE])
    extra = {} if mask is None else {"mask": mask}
    assert_same(ours(X, **extra), theirs(X, **extra))
    if name != "SimpleRNN":  # the step loop gives the same values as the fused kernel
        loop = getattr(layers, name)(4, use_cudnn=False, **mode)
        loop.build(SHAPE)
        loop.set_weights(ours.get_weights())
        assert_same(loop(X, **extra), theirs(X, **extra))


@pytest.mark.parametrize("kwargs", [
    {"activation": "relu"}, {"recurrent_activation": "hard_sigmoid"}, {"use_bias": False},
    {"unroll": True}, {"unit_forget_bias": False},
])
def test_lstm_loop_configurations_match_keras(keras, kwargs):
    ours, theirs = twins(keras, lambda m: m.LSTM(4, return_sequences=True, **kwargs), [SHAPE])
    assert_same(ours(X), theirs(X))
    assert_same(ours(X, mask=HOLES), theirs(X, mask=HOLES))


@pytest.mark.parametrize("kwargs", [
    {"reset_after": False}, {"reset_after": False, "use_bias": False}, {"use_bias": False},
    {"activation": "relu"}, {"reset_after": False, "go_backwards": True},
])
def test_gru_loop_configurations_match_keras(keras, kwargs):
    ours, theirs = twins(keras, lambda m: m.GRU(4, return_sequences=True, **kwargs), [SHAPE])
    assert_same(ours(X), theirs(X))
    assert_same(ours(X, mask=RIGHT_PADDED), theirs(X, mask=RIGHT_PADDED))


@pytest.mark.parametrize("name,n_states", [("SimpleRNN", 1), ("LSTM", 2), ("GRU", 1)])
def test_initial_state_matches_keras(keras, name, n_states):
    ours, theirs = twins(keras, lambda m: getattr(m, name)(4, return_state=True), [SHAPE])
    states = [random_array((3, 4), seed=i + 1) for i in range(n_states)]
    assert_same(ours(X, initial_state=states), theirs(X, initial_state=states))
    assert_same(ours(X, initial_state=states, mask=RIGHT_PADDED),
                theirs(X, initial_state=states, mask=RIGHT_PADDED))


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_config_and_output_shape_match_keras(keras, name):
    kwargs = {"units": 3, "return_sequences": True, "return_state": True, "dropout": 0.25}
    ours, theirs = getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)
    extra = set(ours.get_config()) - set(theirs.get_config())
    assert set(theirs.get_config()) <= set(ours.get_config()) and extra <= {"seed"}
    assert ours.compute_output_shape(SHAPE) == theirs.compute_output_shape(SHAPE)
    clone = getattr(keras.layers, name).from_config(
        {k: v for k, v in ours.get_config().items() if not isinstance(v, dict)})
    assert clone.units == 3 and clone.return_state


@pytest.mark.parametrize("cls,n_weights,out_shape", [
    (layers.SimpleRNN, 3, (2, 4)), (layers.LSTM, 3, (2, 4)), (layers.GRU, 3, (2, 4)),
])
def test_check_layer(cls, n_weights, out_shape):
    check_layer(cls, {"units": 4}, input_shape=(2, 5, 3), expected_output_shape=out_shape,
                expected_num_trainable_weights=n_weights)
    check_layer(cls, {"units": 4, "return_sequences": True, "go_backwards": True},
                input_shape=(2, 5, 3), expected_output_shape=(2, 5, 4))


@pytest.mark.parametrize("make", [
    lambda: layers.SimpleRNN(3, return_sequences=True, dtype="float64"),
    lambda: layers.LSTM(3, return_sequences=True, dtype="float64"),
    lambda: layers.LSTM(3, use_cudnn=False, go_backwards=True, dtype="float64"),
    lambda: layers.GRU(3, return_state=True, dtype="float64"),
    lambda: layers.GRU(3, reset_after=False, return_sequences=True, dtype="float64"),
])
@pytest.mark.parametrize("mask", [None, RIGHT_PADDED[:2, :4]])
def test_gradients_match_finite_differences(make, mask):
    layer = make()
    x = torch.tensor(random_array((2, 4, 3), seed=3), dtype=torch.float64, requires_grad=True)
    kwargs = {} if mask is None else {"mask": torch.tensor(mask)}
    check_weight_gradients(layer, x, call_kwargs=kwargs)
    assert torch.autograd.gradcheck(lambda t: layer(t, **kwargs), (x,))


def test_lstm_kernel_gate_order_is_i_f_c_o():
    layer = layers.LSTM(1, use_bias=True)
    layer.build((1, 1, 1))
    # Only the forget gate's bias is non-zero: c = f * c_prev + i * tanh(.) stays 0.
    layer.set_weights([np.zeros((1, 4), "f"), np.zeros((1, 4), "f"),
                       np.array([0, 50, 0, 0], "f")])
    out, h, c = layers.LSTM(1, return_state=True, weights=layer.get_weights())(
        np.ones((1, 2, 1), "f"), initial_state=[np.zeros((1, 1), "f"), np.ones((1, 1), "f")])
    np.testing.assert_allclose(ops.convert_to_numpy(c), [[1.0]], rtol=1e-6)  # f = 1
    np.testing.assert_allclose(ops.convert_to_numpy(h), [[0.5 * np.tanh(1.0)]], rtol=1e-6)


def test_unit_forget_bias_and_weight_shapes():
    lstm = layers.LSTM(3)
    lstm.build((None, 4, 2))
    assert [tuple(w.shape) for w in lstm.weights] == [(2, 12), (3, 12), (12,)]
    np.testing.assert_array_equal(lstm.get_weights()[2], [0] * 3 + [1] * 3 + [0] * 6)
    gru = layers.GRU(3)
    gru.build((None, 4, 2))
    assert [tuple(w.shape) for w in gru.weights] == [(2, 9), (3, 9), (2, 9)]
    gru = layers.GRU(3, reset_after=False)
    gru.build((None, 4, 2))
    assert tuple(gru.weights[2].shape) == (9,)
    assert [w.path for w in gru.weights] == [
        "gru_cell/kernel", "gru_cell/recurrent_kernel", "gru_cell/bias"]


def test_keras2_arguments():
    with pytest.warns(DeprecationWarning):
        layer = layers.LSTM(output_dim=4, init="he_normal", inner_activation="hard_sigmoid",
                            dropout_W=0.1, consume_less="gpu", implementation=1)
    assert layer.units == 4 and layer.dropout == 0.1
    assert layer.recurrent_activation is cornu.activations.hard_sigmoid
    model = cornu.Sequential([layers.LSTM(8, input_length=10, input_dim=6)])
    assert model.output_shape == (None, 8)
    model = cornu.Sequential([layers.GRU(8, batch_input_shape=(None, 10, 6))])
    assert model.predict(np.zeros((2, 10, 6), "f"), verbose=0).shape == (2, 8)
    with pytest.raises(ValueError, match="use_cudnn"):
        layers.LSTM(4, activation="relu", use_cudnn=True)
    with pytest.raises(ValueError, match="units"):
        layers.GRU(0)


def test_functional_model_with_states_trains():
    encoder_in = cornu.Input((5, 3))
    _, h, c = layers.LSTM(4, return_state=True)(encoder_in)
    decoder_in = cornu.Input((7, 3))
    seq = layers.LSTM(4, return_sequences=True)(decoder_in, initial_state=[h, c])
    model = cornu.Model([encoder_in, decoder_in], layers.Dense(2)(seq))
    model.compile("adam", "mse")
    data = [random_array((4, 5, 3)), random_array((4, 7, 3), seed=1)]
    before = [w.copy() for w in model.get_weights()]
    model.fit(data, np.zeros((4, 7, 2), "f"), epochs=1, verbose=0)
    assert model.predict(data, verbose=0).shape == (4, 7, 2)
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_embedding_mask_flows_into_lstm(keras):
    ids = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 2]])
    inputs = cornu.Input((5,), dtype="int32")
    seq = layers.Embedding(10, 4, mask_zero=True)(inputs)
    seq = layers.LSTM(3, return_sequences=True)(seq)
    out = layers.GRU(2)(seq)
    ours = cornu.Model(inputs, out)
    k_in = keras.Input((5,), dtype="int32")
    k_seq = keras.layers.Embedding(10, 4, mask_zero=True)(k_in)
    k_seq = keras.layers.LSTM(3, return_sequences=True)(k_seq)
    theirs = keras.Model(k_in, keras.layers.GRU(2)(k_seq))
    theirs.set_weights(ours.get_weights())
    assert_same(ours.predict(ids, verbose=0), theirs.predict(ids, verbose=0))
