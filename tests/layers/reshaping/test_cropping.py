"""Cropping1D/2D/3D: battery, Keras 3 oracle, argument forms, errors."""

import numpy as np
import pytest

from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.Cropping1D, {}, (2, 6, 3), (2, 4, 3)),
    (layers.Cropping2D, {"cropping": ((1, 2), (0, 1))}, (2, 6, 5, 3), (2, 3, 4, 3)),
    (layers.Cropping2D, {"cropping": 1, "data_format": "channels_first"}, (2, 3, 6, 5),
     (2, 3, 4, 3)),
    (layers.Cropping3D, {"cropping": (1, 0, 2)}, (2, 4, 4, 6, 2), (2, 2, 4, 2, 2)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("Cropping1D", {"cropping": (2, 0)}, (2, 6, 3)),
    ("Cropping1D", {"cropping": 2}, (2, 6, 3)),
    ("Cropping2D", {"cropping": ((1, 0), (2, 1))}, (2, 6, 5, 3)),
    ("Cropping2D", {"cropping": (1, 2), "data_format": "channels_first"}, (2, 3, 6, 5)),
    ("Cropping3D", {"cropping": ((0, 1), (1, 1), (2, 0))}, (2, 4, 4, 5, 2)),
    ("Cropping3D", {"cropping": 1, "data_format": "channels_first"}, (2, 2, 4, 4, 5)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_values_are_the_inner_block():
    x = np.arange(2 * 6 * 5 * 1, dtype="float32").reshape(2, 6, 5, 1)
    got = ops.convert_to_numpy(layers.Cropping2D(((1, 2), (3, 0)))(x))
    np.testing.assert_array_equal(got, x[:, 1:4, 3:])


def test_cropping1d_ignores_the_global_data_format(monkeypatch):
    from cornu.backend import config

    monkeypatch.setitem(config._state, "image_data_format", "channels_first")
    assert layers.Cropping1D(1).compute_output_shape((2, 6, 3)) == (2, 4, 3)


def test_errors():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping2D(((1, 2, 3), (0, 0)))
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping3D((1, 2))
    with pytest.raises(ValueError, match=">= 0"):
        layers.Cropping1D((-1, 0))
    with pytest.raises(ValueError, match="leaves nothing"):
        layers.Cropping2D(3).compute_output_shape((None, 6, 6, 1))
