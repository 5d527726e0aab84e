"""ReLU, LeakyReLU, ELU: Keras oracle, configs, legacy `alpha`, validation, gradients."""

import warnings

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import finite_difference_check, to_numpy

from cornu import layers, ops
from cornu.utils import legacy

RNG = np.random.default_rng(0)
X = (RNG.standard_normal((3, 4, 5)) * 3).astype("float32")

CASES = [
    ("ReLU", {}), ("ReLU", {"max_value": 2.0}), ("ReLU", {"negative_slope": 0.1}),
    ("ReLU", {"threshold": 0.5}), ("ReLU", {"max_value": 1.0, "negative_slope": 0.2,
                                            "threshold": 0.3}),
    ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.05}),
    ("ELU", {}), ("ELU", {"alpha": 0.5}),
]


@pytest.mark.parametrize("name,kwargs", CASES)
def test_matches_keras(keras, name, kwargs):
    want = to_numpy(keras, getattr(keras.layers, name)(**kwargs)(X))
    got = ops.convert_to_numpy(getattr(layers, name)(**kwargs)(X))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", CASES)
def test_check_layer_and_config_matches_keras(keras, name, kwargs):
    layer, _ = check_layer(getattr(layers, name), kwargs, input_shape=(2, 3),
                           expected_output_shape=(2, 3), expected_num_trainable_weights=0)
    theirs = getattr(keras.layers, name)(**kwargs).get_config()
    ours = layer.get_config()
    for key in set(theirs) - {"name", "dtype", "trainable"}:
        assert ours[key] == theirs[key], key


def test_leaky_relu_accepts_keras2_alpha_with_a_deprecation_warning():
    legacy._warned.discard("LeakyReLU.alpha")
    with pytest.warns(DeprecationWarning, match="negative_slope"):
        layer = layers.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    assert "alpha" not in layer.get_config()
    np.testing.assert_allclose(ops.convert_to_numpy(layer(np.array([-10.0], "float32"))),
                               [-1.0], rtol=1e-6)


def test_default_slope_is_keras3s():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert layers.LeakyReLU().negative_slope == 0.3


@pytest.mark.parametrize("name,kwargs", [
    ("ReLU", {"max_value": -1.0}), ("ReLU", {"negative_slope": -0.1}),
    ("ReLU", {"threshold": None}), ("LeakyReLU", {"negative_slope": -1.0}),
])
def test_invalid_arguments_are_reported(name, kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        getattr(layers, name)(**kwargs)


@pytest.mark.parametrize("name,kwargs", [("ReLU", {"negative_slope": 0.2, "threshold": 0.1}),
                                         ("LeakyReLU", {}), ("ELU", {"alpha": 0.7})])
def test_gradient_matches_finite_differences(name, kwargs):
    x = RNG.standard_normal((3, 4))
    x[np.abs(x) < 0.2] += 0.5  # keep away from the kinks
    layer = getattr(layers, name)(dtype="float64", **kwargs)
    finite_difference_check(layer, x)


def test_masks_pass_through():
    x = ops.convert_to_tensor(X)
    x._keras_mask = ops.convert_to_tensor(np.ones((3, 4), bool))
    for name, kwargs in CASES[:1] + CASES[5:6] + CASES[7:8]:
        assert getattr(layers, name)(**kwargs)(x)._keras_mask is not None
