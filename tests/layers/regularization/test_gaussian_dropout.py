"""GaussianDropout: multiplicative N(1, rate / (1 - rate)) noise in training only."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer

from cornu import layers, ops


def test_check_layer():
    check_layer(layers.GaussianDropout, {"rate": 0.3}, input_shape=(4, 3),
                expected_output_shape=(4, 3), expected_num_trainable_weights=0)


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layers.GaussianDropout(0.5)(x)), x)


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_training_noise_has_mean_one_and_keras_stddev(rate):
    n = 200_000
    x = np.full((n,), 2.0, "float32")
    factor = ops.convert_to_numpy(layers.GaussianDropout(rate, seed=2)(x, training=True)) / 2
    stddev = np.sqrt(rate / (1 - rate))
    assert abs(factor.mean() - 1.0) < 4 * stddev / np.sqrt(n)
    assert abs(factor.std() - stddev) < 0.01 * stddev + 1e-3


def test_rate_zero_is_identity_in_training():
    x = np.ones((3, 3), "float32")
    np.testing.assert_array_equal(
        ops.convert_to_numpy(layers.GaussianDropout(0.0)(x, training=True)), x)


def test_config_and_validation(keras):
    ours = layers.GaussianDropout(0.2, seed=4).get_config()
    theirs = keras.layers.GaussianDropout(0.2, seed=4).get_config()
    assert {k: ours[k] for k in ("rate", "seed")} == {k: theirs[k] for k in ("rate", "seed")}
    with pytest.raises(ValueError, match="rate"):
        layers.GaussianDropout(1.5)
