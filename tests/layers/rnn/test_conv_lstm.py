"""ConvLSTM1D/2D/3D against Keras 3: data formats, strides, masks, states, dropout paths."""

import numpy as np
import pytest
import torch

from cornu import layers
from tests.layers.layer_test_utils import check_layer
from tests.layers.rnn.rnn_oracle import assert_same, check_weight_gradients, random_array, twins


@pytest.mark.parametrize("name,kwargs,shape", [
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (2, 4, 8, 2)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 2, "padding": "same", "dilation_rate": 2,
                    "return_sequences": True}, (2, 3, 7, 2)),
    ("ConvLSTM2D", {"filters": 3, "kernel_size": 3, "padding": "same",
                    "return_sequences": True, "return_state": True}, (2, 3, 5, 5, 2)),
    ("ConvLSTM2D", {"filters": 3, "kernel_size": 2, "strides": 2,
                    "data_format": "channels_first", "go_backwards": True}, (2, 3, 2, 6, 6)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": (2, 3), "use_bias": False,
                    "unit_forget_bias": False, "activation": "relu"}, (1, 3, 5, 6, 2)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2, "return_sequences": True},
     (1, 2, 4, 4, 4, 2)),
])
def test_matches_keras(keras, name, kwargs, shape):
    x = random_array(shape, seed=1)
    ours, theirs = twins(keras, lambda m: getattr(m, name)(**kwargs), [shape])
    assert_same(ours(x), theirs(x))
    mask = np.ones(shape[:2], bool)
    mask[0, -1] = False
    assert_same(ours(x, mask=mask), theirs(x, mask=mask))
    assert ours.compute_output_shape(shape) == theirs.compute_output_shape(shape)
    assert set(ours.get_config()) == set(theirs.get_config())


def test_initial_state_and_per_gate_dropout_path(keras):
    shape = (2, 3, 6, 2)
    x = random_array(shape, seed=2)
    ours, theirs = twins(keras, lambda m: m.ConvLSTM1D(3, 3, padding="same",
                                                       return_state=True), [shape])
    states = [random_array((2, 6, 3), seed=3), random_array((2, 6, 3), seed=4)]
    assert_same(ours(x, initial_state=states), theirs(x, initial_state=states))
    # With dropout masks of ones, the training path (per-gate convolutions) gives the
    # same values as the fused input projection.
    drop = layers.ConvLSTM1D(3, 3, padding="same", return_state=True, dropout=0.5,
                             recurrent_dropout=0.5)
    drop.build(shape)
    drop.set_weights(ours.get_weights())
    drop.cell._dropout_mask = [torch.ones(2, 6, 2)] * 4
    drop.cell._recurrent_dropout_mask = [torch.ones(2, 6, 3)] * 4
    assert_same(drop(x, initial_state=states, training=True), theirs(x, initial_state=states))


def test_battery_and_gradients():
    check_layer(layers.ConvLSTM2D, {"filters": 2, "kernel_size": 3}, input_shape=(2, 3, 5, 5, 1),
                expected_output_shape=(2, 3, 3, 2), expected_num_trainable_weights=3)
    layer = layers.ConvLSTM1D(2, 2, return_sequences=True, dtype="float64")
    x = torch.tensor(random_array((2, 3, 4, 2), seed=5), dtype=torch.float64)
    check_weight_gradients(layer, x)
    with pytest.raises(ValueError, match="dilation_rate"):
        layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)
    assert layers.ConvLSTM1D(4, 3).filters == 4
