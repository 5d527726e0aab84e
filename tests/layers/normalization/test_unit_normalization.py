"""UnitNormalization: Keras oracle, unit norms and gradients."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import finite_difference_check, to_numpy

from cornu import layers, ops

RNG = np.random.default_rng(4)
X = RNG.standard_normal((3, 4, 5)).astype("float32")


def test_check_layer():
    check_layer(layers.UnitNormalization, {}, input_shape=(2, 4, 5),
                expected_output_shape=(2, 4, 5), expected_num_trainable_weights=0)


@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_matches_keras_and_has_unit_norm(keras, axis):
    got = ops.convert_to_numpy(layers.UnitNormalization(axis=axis)(X))
    want = to_numpy(keras, keras.layers.UnitNormalization(axis=axis)(X))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    axes = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(np.sqrt((got ** 2).sum(axis=axes)), 1.0, rtol=1e-5)


def test_zero_vector_stays_zero():
    y = layers.UnitNormalization()(np.zeros((2, 3), "float32"))
    np.testing.assert_array_equal(ops.convert_to_numpy(y), 0.0)


def test_gradient_matches_finite_differences():
    finite_difference_check(layers.UnitNormalization(dtype="float64"),
                            RNG.standard_normal((2, 4)))


def test_bad_axis_type():
    with pytest.raises(TypeError, match="axis"):
        layers.UnitNormalization(axis=1.5)
