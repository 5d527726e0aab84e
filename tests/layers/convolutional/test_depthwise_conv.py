"""DepthwiseConv1D / DepthwiseConv2D against Keras 3 and the battery."""

import pytest
import torch

from cornu import layers
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.DepthwiseConv1D, {"kernel_size": 3, "depth_multiplier": 2}, (2, 7, 3), (2, 5, 6)),
    (layers.DepthwiseConv2D, {"kernel_size": 3, "strides": 2, "padding": "same",
                              "data_format": "channels_first"}, (2, 3, 5, 5), (2, 3, 3, 3)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                expected_num_trainable_weights=2)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
     (2, 8, 3)),
    ("DepthwiseConv1D", {"kernel_size": 2, "dilation_rate": 3,
                         "data_format": "channels_first"}, (2, 3, 9)),
    ("DepthwiseConv2D", {"kernel_size": 3, "activation": "relu"}, (2, 7, 6, 4)),
    ("DepthwiseConv2D", {"kernel_size": (2, 3), "strides": 2, "padding": "same",
                         "depth_multiplier": 3}, (2, 7, 6, 2)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_gradients_match_finite_differences():
    layer = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", dtype="float64",
                                   bias_initializer="ones")
    x = torch.randn(1, 4, 4, 2, dtype=torch.float64, requires_grad=True)
    layer(x)
    assert torch.autograd.gradcheck(lambda a: layer(a), (x,))


def test_channel_mismatch_is_reported():
    layer = layers.DepthwiseConv2D(3)
    layer(torch.zeros(1, 5, 5, 2))
    with pytest.raises(ValueError, match="incompatible"):
        layer(torch.zeros(1, 5, 5, 3))
