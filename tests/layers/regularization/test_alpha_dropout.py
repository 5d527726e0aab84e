"""AlphaDropout: keeps the mean and variance of standardized inputs in training."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer

from cornu import layers, ops

ALPHA_P = -1.6732632423543772 * 1.0507009873554805


def test_check_layer():
    check_layer(layers.AlphaDropout, {"rate": 0.3}, input_shape=(4, 3),
                expected_output_shape=(4, 3), expected_num_trainable_weights=0)


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layers.AlphaDropout(0.5)(x)), x)


@pytest.mark.parametrize("rate", [0.1, 0.3])
def test_training_preserves_zero_mean_unit_variance(rate):
    n = 400_000
    x = np.random.default_rng(1).standard_normal(n).astype("float32")
    y = ops.convert_to_numpy(layers.AlphaDropout(rate, seed=5)(x, training=True))
    assert abs(y.mean()) < 0.01
    assert abs(y.std() - 1.0) < 0.01
    # Dropped units all take one value: a * alpha' + b.
    a = ((1 - rate) * (1 + rate * ALPHA_P ** 2)) ** -0.5
    dropped_value = a * ALPHA_P - a * ALPHA_P * rate
    dropped = np.isclose(y, dropped_value, atol=1e-6)
    assert abs(dropped.mean() - rate) < 4 * np.sqrt(rate * (1 - rate) / n)
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] - a * ALPHA_P * rate, rtol=1e-5,
                               atol=1e-6)


def test_noise_shape_shares_the_mask():
    x = np.random.default_rng(2).standard_normal((50, 8, 4)).astype("float32")
    layer = layers.AlphaDropout(0.5, noise_shape=(None, 1, 4), seed=1)
    y = ops.convert_to_numpy(layer(x, training=True))
    rate = 0.5
    a = ((1 - rate) * (1 + rate * ALPHA_P ** 2)) ** -0.5
    dropped = np.isclose(y, a * ALPHA_P - a * ALPHA_P * rate, atol=1e-6)
    assert np.all(dropped == dropped[:, :1, :])


def test_config_matches_keras(keras):
    ours = layers.AlphaDropout(0.2, noise_shape=(None, 1), seed=4).get_config()
    theirs = keras.layers.AlphaDropout(0.2, noise_shape=(None, 1), seed=4).get_config()
    for key in ("rate", "seed"):
        assert ours[key] == theirs[key]
    assert list(ours["noise_shape"]) == list(theirs["noise_shape"])
    with pytest.raises(ValueError, match="rate"):
        layers.AlphaDropout(-0.1)
