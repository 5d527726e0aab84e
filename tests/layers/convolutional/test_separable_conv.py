"""SeparableConv1D / SeparableConv2D against Keras 3 and the battery."""

import pytest
import torch

from cornu import layers
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.SeparableConv1D, {"filters": 3, "kernel_size": 3, "depth_multiplier": 2},
     (2, 7, 2), (2, 5, 3)),
    (layers.SeparableConv2D, {"filters": 4, "kernel_size": 3, "padding": "same",
                              "data_format": "channels_first"}, (2, 2, 5, 5), (2, 4, 5, 5)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                expected_num_trainable_weights=3)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 9, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 2, "dilation_rate": 2,
                         "depth_multiplier": 3, "data_format": "channels_first"}, (2, 3, 9)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "depth_multiplier": 2,
                         "activation": "relu"}, (2, 7, 6, 3)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": (2, 3), "strides": 2, "padding": "same",
                         "use_bias": False}, (2, 7, 6, 3)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_gradients_match_finite_differences():
    layer = layers.SeparableConv2D(3, 2, depth_multiplier=2, padding="same", dtype="float64")
    x = torch.randn(1, 4, 3, 2, dtype=torch.float64, requires_grad=True)
    layer(x)
    assert torch.autograd.gradcheck(lambda a: layer(a), (x,))


def test_errors():
    with pytest.raises(ValueError, match="depth_multiplier"):
        layers.SeparableConv2D(3, 3, depth_multiplier=0)
    with pytest.raises(ValueError, match="filters"):
        layers.SeparableConv2D(-1, 3)
