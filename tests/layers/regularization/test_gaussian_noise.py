"""GaussianNoise: N(0, stddev^2) noise in training only."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer

from cornu import layers, ops


def test_check_layer():
    check_layer(layers.GaussianNoise, {"stddev": 0.1}, input_shape=(4, 3),
                expected_output_shape=(4, 3), expected_num_trainable_weights=0)


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layers.GaussianNoise(0.5)(x)), x)


def test_training_adds_noise_with_the_right_statistics():
    n = 200_000
    x = np.full((n,), 3.0, "float32")
    noise = ops.convert_to_numpy(layers.GaussianNoise(0.7, seed=1)(x, training=True)) - 3.0
    assert abs(noise.mean()) < 4 * 0.7 / np.sqrt(n)
    assert abs(noise.std() - 0.7) < 0.01
    # Third and fourth moments of a normal: skew 0, kurtosis 3.
    z = noise / noise.std()
    assert abs((z ** 3).mean()) < 0.05 and abs((z ** 4).mean() - 3) < 0.1


def test_seeded_noise_repeats_and_changes_between_calls():
    x = np.zeros((100,), "float32")
    a, b = layers.GaussianNoise(0.5, seed=7), layers.GaussianNoise(0.5, seed=7)
    first = ops.convert_to_numpy(a(x, training=True))
    np.testing.assert_array_equal(first, ops.convert_to_numpy(b(x, training=True)))
    assert not np.array_equal(first, ops.convert_to_numpy(a(x, training=True)))


def test_config_and_validation(keras):
    ours = layers.GaussianNoise(0.2, seed=4).get_config()
    theirs = keras.layers.GaussianNoise(0.2, seed=4).get_config()
    assert {k: ours[k] for k in ("stddev", "seed")} == {k: theirs[k] for k in ("stddev", "seed")}
    with pytest.raises(ValueError, match="stddev"):
        layers.GaussianNoise(-1.0)
