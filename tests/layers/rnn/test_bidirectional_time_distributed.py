"""Bidirectional (merge modes, masks, states, backward_layer) and TimeDistributed against
Keras 3; configs, symbolic shapes, training."""

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from tests.layers.layer_test_utils import check_layer
from tests.layers.rnn.rnn_oracle import assert_same, random_array, twins

SHAPE = (3, 6, 4)
X = random_array(SHAPE)
MASKS = [None,
         np.array([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0]], bool),
         np.array([[1, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [0, 0, 1, 0, 1, 0]], bool)]


@pytest.mark.parametrize("name", ["LSTM", "GRU", "SimpleRNN"])
@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
@pytest.mark.parametrize("mode", [{}, {"return_sequences": True}, {"return_state": True},
                                  {"return_sequences": True, "return_state": True}])
def test_bidirectional_matches_keras(keras, name, merge_mode, mode):
    ours, theirs = twins(keras, lambda m: m.Bidirectional(getattr(m, name)(3, **mode),
                                                          merge_mode=merge_mode), [SHAPE])
    for mask in MASKS:
        extra = {} if mask is None else {"mask": mask}
        assert_same(ours(X, **extra), theirs(X, **extra))
    got = ours.compute_output_shape(SHAPE)
    want = theirs.compute_output_shape(SHAPE)
    assert [tuple(s) for s in got] == [tuple(s) for s in want] if merge_mode is None or mode.get(
        "return_state") else tuple(got) == tuple(want)


def test_bidirectional_initial_states_backward_layer_and_config(keras):
    def make(m):
        return m.Bidirectional(m.LSTM(3, return_state=True),
                               backward_layer=m.LSTM(3, go_backwards=True, return_state=True,
                                                     activation="relu"))

    ours, theirs = twins(keras, make, [SHAPE])
    states = [random_array((3, 3), seed=i) for i in range(4)]
    assert_same(ours(X, initial_state=states), theirs(X, initial_state=states))
    config = ours.get_config()
    assert set(config) == set(theirs.get_config())
    assert config["layer"]["config"]["name"] == "forward_lstm" or config["layer"][
        "config"]["name"].startswith("forward_")
    clone = layers.Bidirectional.from_config(config)
    clone.build(SHAPE)
    clone.set_weights(ours.get_weights())
    assert_same(clone(X, initial_state=states), ours(X, initial_state=states))
    assert [w.path.split("/")[-1] for w in ours.weights] == ["kernel", "recurrent_kernel",
                                                             "bias"] * 2


def test_bidirectional_battery_weights_argument_and_errors():
    check_layer(layers.Bidirectional, {"layer": layers.GRU(2, return_sequences=True)},
                input_shape=(2, 5, 3), expected_output_shape=(2, 5, 4),
                expected_num_trainable_weights=6)
    base = layers.Bidirectional(layers.SimpleRNN(2))
    base.build((None, 5, 3))
    copy = layers.Bidirectional(layers.SimpleRNN(2), weights=base.get_weights())
    assert_same(copy(X[..., :3]), base(X[..., :3]))
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(
            2, go_backwards=True, return_sequences=True))


def test_bidirectional_takes_the_input_shape_of_its_layer():
    model = cornu.Sequential([layers.Bidirectional(layers.LSTM(3, input_shape=(5, 4))),
                              layers.Dense(1)])
    assert model.output_shape == (None, 1)
    model = cornu.Sequential([layers.Bidirectional(layers.GRU(3), input_shape=(5, 4))])
    assert model.output_shape == (None, 6)


def test_bidirectional_stateful_and_masked_model():
    layer = layers.Bidirectional(layers.LSTM(2, stateful=True))
    first = layer(X)
    assert len(layer.states) == 4
    assert not np.allclose(ops.convert_to_numpy(layer(X)), ops.convert_to_numpy(first))
    layer.reset_states()
    assert_same(layer(X), first)
    ids = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 2]])
    inputs = cornu.Input((5,), dtype="int32")
    seq = layers.Embedding(10, 4, mask_zero=True)(inputs)
    seq = layers.Bidirectional(layers.GRU(3, return_sequences=True))(seq)
    model = cornu.Model(inputs, layers.TimeDistributed(layers.Dense(2))(seq))
    model.compile("adam", "mse")
    model.fit(ids, np.zeros((2, 5, 2), "f"), epochs=1, verbose=0)
    assert model.predict(ids, verbose=0).shape == (2, 5, 2)


@pytest.mark.parametrize("make,shape", [
    (lambda m: m.TimeDistributed(m.Dense(3, activation="relu")), (2, 5, 4)),
    (lambda m: m.TimeDistributed(m.Conv2D(2, 3, padding="same")), (2, 3, 6, 6, 2)),
    (lambda m: m.TimeDistributed(m.LSTM(3)), (2, 4, 5, 2)),
])
def test_time_distributed_matches_keras(keras, make, shape):
    x = random_array(shape, seed=2)
    ours, theirs = twins(keras, make, [shape])
    assert_same(ours(x), theirs(x))
    assert tuple(ours.compute_output_shape(shape)) == tuple(theirs.compute_output_shape(shape))
    assert set(ours.get_config()) == set(theirs.get_config())


def test_time_distributed_battery_model_and_mask():
    check_layer(layers.TimeDistributed, {"layer": layers.Dense(3)}, input_shape=(2, 4, 5),
                expected_output_shape=(2, 4, 3), expected_num_trainable_weights=2)
    inner = cornu.Sequential([cornu.Input((8,)), layers.Dense(4, activation="softmax")])
    inputs = cornu.Input((6, 8))
    outputs = layers.TimeDistributed(inner)(inputs)
    assert tuple(outputs.shape) == (None, 6, 4)
    out = cornu.Model(inputs, outputs).predict(random_array((2, 6, 8)), verbose=0)
    np.testing.assert_allclose(out.sum(-1), np.ones((2, 6)), rtol=1e-5)
    x = ops.convert_to_tensor(X)
    mask = ops.convert_to_tensor(MASKS[1])
    x._keras_mask = mask
    y = layers.TimeDistributed(layers.Dense(2))(x)
    assert y._keras_mask is mask
    with pytest.raises(ValueError, match="rank >= 3"):
        layers.TimeDistributed(layers.Dense(2)).build((2, 3))
    with pytest.raises(ValueError, match="Layer instance"):
        layers.TimeDistributed("dense")
