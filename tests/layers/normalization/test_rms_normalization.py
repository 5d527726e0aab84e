"""RMSNormalization: Keras oracle, NumPy reference and gradients."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import (
    assert_same_call,
    finite_difference_check,
    paired_layers,
)

from cornu import layers, ops

RNG = np.random.default_rng(3)
X = (RNG.standard_normal((3, 4, 5)) + 0.5).astype("float32")


def test_check_layer():
    check_layer(layers.RMSNormalization, {}, input_shape=(2, 4, 5),
                expected_output_shape=(2, 4, 5), expected_num_trainable_weights=1)


@pytest.mark.parametrize("kwargs", [{}, {"axis": [1, 2]}, {"epsilon": 0.5}])
def test_matches_keras(keras, kwargs):
    ours, theirs = paired_layers(keras, "RMSNormalization", kwargs, X.shape)
    assert_same_call(keras, ours, theirs, X)


def test_non_trailing_axis_matches_numpy():
    layer = layers.RMSNormalization(axis=1)
    layer.build(X.shape)
    scale = RNG.standard_normal((4,)).astype("float32")
    layer.set_weights([scale])
    want = X / np.sqrt((X ** 2).mean(axis=1, keepdims=True) + 1e-6) * scale[:, None]
    np.testing.assert_allclose(ops.convert_to_numpy(layer(X)), want, rtol=1e-5, atol=1e-6)


def test_gradient_matches_finite_differences():
    layer = layers.RMSNormalization(dtype="float64")
    x = RNG.standard_normal((2, 3, 4))
    layer.build(x.shape)
    layer.set_weights([RNG.standard_normal((4,))])
    finite_difference_check(layer, x)
