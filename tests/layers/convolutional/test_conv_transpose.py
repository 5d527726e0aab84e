"""Conv1DTranspose / Conv2DTranspose / Conv3DTranspose against Keras 3 and the battery."""

import numpy as np
import pytest
import torch

from cornu import layers
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.Conv1DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 5, 4),
     (2, 11, 3)),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 4, 5, 3), (2, 8, 10, 2)),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 2, "data_format": "channels_first"},
     (2, 3, 4, 4), (2, 2, 5, 5)),
    (layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "strides": 2}, (2, 2, 3, 2, 3),
     (2, 4, 6, 4, 2)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                expected_num_trainable_weights=2)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 6, 4)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 4, "strides": 3}, (2, 6, 4)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 3, "output_padding": 2,
                         "padding": "same"}, (2, 6, 4)),
    ("Conv1DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                         "data_format": "channels_first"}, (2, 4, 6)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same",
                         "activation": "relu"}, (2, 5, 4, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": (2, 3), "strides": (1, 2),
                         "output_padding": (0, 1)}, (2, 5, 4, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same",
                         "data_format": "channels_first"}, (2, 3, 5, 4)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 3, 2, 4, 3)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_gradients_match_finite_differences():
    layer = layers.Conv2DTranspose(2, 3, strides=2, padding="same", dtype="float64",
                                   bias_initializer="ones")
    x = torch.randn(1, 3, 4, 2, dtype=torch.float64, requires_grad=True)
    layer(x)
    assert torch.autograd.gradcheck(lambda a: layer(a), (x,))


def test_output_padding_must_be_smaller_than_strides():
    with pytest.raises(ValueError, match="output_padding"):
        layers.Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="padding"):
        layers.Conv1DTranspose(2, 3, padding="causal")


def test_unknown_spatial_axes_and_shape_formula():
    layer = layers.Conv2DTranspose(3, 3, strides=2)
    assert layer.compute_output_shape((None, None, 4, 2)) == (None, None, 9, 3)
    out = layer(np.zeros((1, 3, 4, 2), "float32"))
    assert tuple(out.shape) == (1, 7, 9, 3)
