"""MaxPooling1D/2D/3D and AveragePooling1D/2D/3D: battery, Keras 3 oracle, reference math."""

import itertools

import numpy as np
import pytest
import torch

from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


def reference_average_pool(x, pool, strides, padding):
    """Keras/TensorFlow semantics on channels_last data: "same" windows average only the
    input elements they cover."""
    spatial = x.shape[1:-1]
    starts, outs = [], []
    for n, k, s in zip(spatial, pool, strides):
        if padding == "valid":
            starts.append(0)
            outs.append((n - k) // s + 1)
        else:
            out = -(-n // s)
            starts.append(-(max((out - 1) * s + k - n, 0) // 2))
            outs.append(out)
    y = np.zeros((x.shape[0], *outs, x.shape[-1]))
    for idx in itertools.product(*[range(o) for o in outs]):
        window = tuple(slice(max(st + i * s, 0), min(st + i * s + k, n))
                       for st, i, s, k, n in zip(starts, idx, strides, pool, spatial))
        y[(slice(None), *idx)] = x[(slice(None), *window)].mean(axis=tuple(range(1, x.ndim - 1)))
    return y


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.MaxPooling1D, {}, (2, 7, 3), (2, 3, 3)),
    (layers.MaxPooling2D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 6, 3),
     (2, 4, 3, 3)),
    (layers.MaxPooling3D, {"data_format": "channels_first"}, (2, 3, 4, 4, 4), (2, 3, 2, 2, 2)),
    (layers.AveragePooling1D, {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 7, 3),
     (2, 7, 3)),
    (layers.AveragePooling2D, {"pool_size": 2}, (2, 5, 6, 3), (2, 2, 3, 3)),
    (layers.AveragePooling3D, {"pool_size": (1, 2, 2), "padding": "same"}, (2, 3, 5, 4, 2),
     (2, 3, 3, 2, 2)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                expected_num_trainable_weights=0)


KERAS_CASES = [
    ("MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 9, 3)),
    ("MaxPooling1D", {"data_format": "channels_first"}, (2, 3, 9)),
    ("MaxPooling2D", {}, (2, 7, 6, 3)),
    ("MaxPooling2D", {"pool_size": (2, 3), "strides": 1, "padding": "same"}, (2, 7, 6, 3)),
    ("MaxPooling2D", {"pool_size": 4, "strides": 3, "padding": "same",
                      "data_format": "channels_first"}, (2, 3, 9, 7)),
    ("MaxPooling3D", {"pool_size": 2, "strides": 1, "padding": "same"}, (2, 4, 3, 5, 2)),
    ("AveragePooling1D", {"pool_size": 2, "strides": 1, "padding": "same"}, (2, 9, 3)),
    ("AveragePooling2D", {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 7, 6, 3)),
    ("AveragePooling2D", {"pool_size": 2, "padding": "same",
                          "data_format": "channels_first"}, (2, 3, 7, 5)),
    ("AveragePooling3D", {"pool_size": 3, "strides": 2}, (2, 5, 6, 7, 2)),
]


@pytest.mark.parametrize("name,kwargs,input_shape", KERAS_CASES)
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


@pytest.mark.parametrize("rank,pool,strides", [
    (1, 4, 1), (1, 4, 2), (2, 3, 2), (2, 4, 3), (3, 3, 2), (2, (4, 3), (1, 2)),
])
def test_average_same_padding_counts_only_real_elements(rank, pool, strides):
    """Asymmetric "same" windows of size >= 3 (where Keras 3.15's torch backend averages
    replicated edge values instead) follow the Keras/TensorFlow definition."""
    cls = getattr(layers, f"AveragePooling{rank}D")
    x = np.random.default_rng(rank).standard_normal((2, *(9, 8, 7)[:rank], 3))
    x = x.astype("float32")
    layer = cls(pool, strides=strides, padding="same")
    got = ops.convert_to_numpy(layer(x))
    want = reference_average_pool(x.astype("float64"), layer.pool_size, layer.strides, "same")
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_gradients_match_finite_differences():
    for layer in (layers.AveragePooling2D(3, strides=2, padding="same", dtype="float64"),
                  layers.MaxPooling2D(2, strides=1, padding="same", dtype="float64")):
        x = torch.randn(1, 5, 4, 2, dtype=torch.float64, requires_grad=True)
        assert torch.autograd.gradcheck(lambda a, lay=layer: lay(a), (x,))


def test_defaults_and_aliases():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.MaxPool3D is layers.MaxPooling3D and layers.AvgPool3D is layers.AveragePooling3D
    layer = layers.MaxPooling1D()
    assert layer.pool_size == (2,) and layer.strides == (2,)
    assert layers.AveragePooling2D().pool_size == (2, 2)  # Keras 2 default kept


def test_legacy_keywords(monkeypatch):
    from cornu.utils import legacy

    monkeypatch.setattr(legacy, "_warned", set())
    with pytest.warns(DeprecationWarning):
        layer = layers.MaxPooling1D(pool_length=3, stride=1, border_mode="same")
    assert (layer.pool_size, layer.strides, layer.padding) == ((3,), (1,), "same")
    with pytest.warns(DeprecationWarning):
        layer = layers.MaxPooling2D((2, 2), dim_ordering="th")
    assert layer.data_format == "channels_first"
    assert "dim_ordering" not in layer.get_config()


def test_errors():
    with pytest.raises(ValueError, match="padding"):
        layers.MaxPooling2D(padding="causal")
    with pytest.raises(ValueError, match="pool_size"):
        layers.MaxPooling2D(pool_size=(2, 2, 2))
    with pytest.raises(ValueError, match="too small"):
        layers.MaxPooling2D(4)(np.zeros((1, 3, 3, 1), "float32"))
