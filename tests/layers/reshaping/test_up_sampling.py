"""UpSampling1D/2D/3D: battery, Keras 3 oracle (nearest and bilinear), gradients."""

import numpy as np
import pytest
import torch

from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.UpSampling1D, {"size": 3}, (2, 4, 3), (2, 12, 3)),
    (layers.UpSampling2D, {}, (2, 3, 4, 2), (2, 6, 8, 2)),
    (layers.UpSampling2D, {"size": (1, 3), "interpolation": "bilinear",
                           "data_format": "channels_first"}, (2, 2, 3, 4), (2, 2, 3, 12)),
    (layers.UpSampling3D, {"size": (2, 1, 2)}, (2, 2, 3, 2, 2), (2, 4, 3, 4, 2)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("UpSampling1D", {"size": 2}, (2, 5, 3)),
    ("UpSampling2D", {"size": (2, 3)}, (2, 4, 3, 2)),
    ("UpSampling2D", {"size": 2, "data_format": "channels_first"}, (2, 2, 4, 3)),
    ("UpSampling2D", {"size": (2, 3), "interpolation": "bilinear"}, (2, 4, 5, 2)),
    ("UpSampling2D", {"size": 3, "interpolation": "bilinear",
                      "data_format": "channels_first"}, (2, 2, 4, 3)),
    ("UpSampling2D", {"size": 2, "interpolation": "bicubic"}, (2, 4, 5, 2)),
    ("UpSampling3D", {"size": (1, 2, 3)}, (2, 2, 3, 2, 2)),
    ("UpSampling3D", {"size": 2, "data_format": "channels_first"}, (2, 2, 2, 3, 2)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_nearest_is_repeat():
    x = np.random.default_rng(0).standard_normal((2, 3, 2, 2, 1)).astype("float32")
    got = ops.convert_to_numpy(layers.UpSampling3D((3, 1, 2))(x))
    np.testing.assert_array_equal(got, x.repeat(3, 1).repeat(2, 3))


def test_bilinear_gradients_match_finite_differences():
    layer = layers.UpSampling2D(2, interpolation="bilinear", dtype="float64")
    x = torch.randn(1, 3, 3, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a: layer(a), (x,))


def test_legacy_length_and_errors(monkeypatch):
    from cornu.utils import legacy

    monkeypatch.setattr(legacy, "_warned", set())
    with pytest.warns(DeprecationWarning):
        assert layers.UpSampling1D(length=4).size == 4
    with pytest.raises(ValueError, match="interpolation"):
        layers.UpSampling2D(interpolation="lanczos3")
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling1D(0)
