"""Configs written by real Keras 3 load into the cornu layers of this family group
(normalization, regularization, merging, activations, Embedding, EinsumDense)."""

import pytest

from cornu import layers

CASES = [
    ("BatchNormalization", {"momentum": 0.9, "renorm": True}),
    ("LayerNormalization", {"axis": [1, 2]}), ("GroupNormalization", {"groups": 4}),
    ("RMSNormalization", {}), ("UnitNormalization", {"axis": 1}),
    ("SpatialDropout1D", {"rate": 0.1}), ("SpatialDropout2D", {"rate": 0.1}),
    ("SpatialDropout3D", {"rate": 0.1}), ("GaussianNoise", {"stddev": 0.1}),
    ("GaussianDropout", {"rate": 0.1}), ("AlphaDropout", {"rate": 0.1}),
    ("Add", {}), ("Subtract", {}), ("Multiply", {}), ("Average", {}), ("Maximum", {}),
    ("Minimum", {}), ("Concatenate", {"axis": 1}), ("Dot", {"axes": [1, 2]}),
    ("ReLU", {"max_value": 6.0}), ("LeakyReLU", {"negative_slope": 0.1}),
    ("PReLU", {"shared_axes": [1]}), ("ELU", {"alpha": 0.5}), ("Softmax", {"axis": 1}),
    ("Embedding", {"input_dim": 5, "output_dim": 2, "mask_zero": True}),
    ("EinsumDense", {"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "d"}),
]


@pytest.mark.parametrize("name,kwargs", CASES)
def test_keras_config_loads_with_the_same_arguments(keras, name, kwargs):
    config = getattr(keras.layers, name)(**kwargs).get_config()
    layer = getattr(layers, name).from_config(config)
    ours = layer.get_config()
    for key, value in config.items():
        if key in ("dtype", "name") or isinstance(value, dict):
            continue
        have = ours[key]
        if isinstance(value, (list, tuple)):
            value, have = list(value), list(have)
        assert have == value, key


def test_spectral_normalization_keras_config_loads(keras):
    # (A Keras Dense config carries `quantization_config`, which cornu's Dense does not take
    # yet, so the wrapped layer here is an Embedding.)
    inner = keras.layers.Embedding(6, 3)
    config = keras.layers.SpectralNormalization(inner, power_iterations=2).get_config()
    layer = layers.SpectralNormalization.from_config(config)
    assert isinstance(layer.layer, layers.Embedding) and layer.layer.output_dim == 3
    assert layer.power_iterations == 2
