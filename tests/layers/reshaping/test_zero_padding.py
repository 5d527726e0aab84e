"""ZeroPadding1D/2D/3D: battery, Keras 3 oracle, argument forms."""

import numpy as np
import pytest

from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.ZeroPadding1D, {}, (2, 4, 3), (2, 6, 3)),
    (layers.ZeroPadding2D, {"padding": ((1, 2), (0, 1))}, (2, 4, 5, 3), (2, 7, 6, 3)),
    (layers.ZeroPadding3D, {"padding": 1, "data_format": "channels_first"}, (2, 2, 3, 3, 3),
     (2, 2, 5, 5, 5)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("ZeroPadding1D", {"padding": (2, 1)}, (2, 4, 3)),
    ("ZeroPadding1D", {"padding": 2, "data_format": "channels_first"}, (2, 3, 4)),
    ("ZeroPadding2D", {"padding": (1, 2)}, (2, 4, 5, 3)),
    ("ZeroPadding2D", {"padding": ((0, 1), (2, 3)), "data_format": "channels_first"},
     (2, 3, 4, 5)),
    ("ZeroPadding3D", {"padding": (1, 0, 2)}, (2, 3, 3, 3, 2)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_values():
    x = np.ones((1, 2, 2, 1), "float32")
    got = ops.convert_to_numpy(layers.ZeroPadding2D(((1, 0), (0, 2)))(x))[0, :, :, 0]
    np.testing.assert_array_equal(got, [[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]])


def test_legacy_dim_ordering(monkeypatch):
    from cornu.utils import legacy

    monkeypatch.setattr(legacy, "_warned", set())
    with pytest.warns(DeprecationWarning):
        layer = layers.ZeroPadding2D((1, 1), dim_ordering="th")
    assert layer.compute_output_shape((None, 3, 4, 4)) == (None, 3, 6, 6)


def test_errors():
    with pytest.raises(ValueError, match="padding"):
        layers.ZeroPadding2D((1, 2, 3))
