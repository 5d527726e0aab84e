"""Softmax layer: Keras oracle over axes and masks; masked positions get probability 0."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import finite_difference_check, to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(2)
X = (RNG.standard_normal((3, 4, 5)) * 3).astype("float32")


@pytest.mark.parametrize("axis", [-1, 1, [1, 2], [2]])
def test_matches_keras(keras, axis):
    want = to_numpy(keras, keras.layers.Softmax(axis=axis)(X))
    got = ops.convert_to_numpy(layers.Softmax(axis=axis)(X))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("mask_shape", [(3, 4, 5), (3, 1, 5), (5,), (4, 1)])
@pytest.mark.parametrize("as_float", [False, True])
def test_mask_matches_keras(keras, mask_shape, as_float):
    mask = RNG.random(mask_shape) > 0.3
    if as_float:
        mask = mask.astype("float32")
    want = to_numpy(keras, keras.layers.Softmax()(X, mask=keras.ops.convert_to_tensor(mask)))
    got = ops.convert_to_numpy(layers.Softmax()(X, mask=ops.convert_to_tensor(mask)))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    masked = np.broadcast_to(mask, X.shape) <= 0.5
    assert np.all(got[masked] == 0.0)


def test_fully_masked_rows_are_zero():
    mask = np.zeros((3, 4, 5), bool)
    y = ops.convert_to_numpy(layers.Softmax()(X, mask=mask))
    np.testing.assert_array_equal(y, 0.0)


def test_check_layer_and_config():
    layer, out = check_layer(layers.Softmax, {"axis": 1}, input_shape=(2, 3, 4),
                             expected_output_shape=(2, 3, 4))
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-6)
    assert layer.get_config()["axis"] == 1


def test_gradient_matches_finite_differences():
    finite_difference_check(layers.Softmax(dtype="float64"), RNG.standard_normal((2, 5)))


def test_bad_mask_shape_is_reported():
    with pytest.raises(ValueError, match="broadcast"):
        layers.Softmax()(X, mask=np.ones((3, 4, 4), bool))


def test_symbolic():
    assert tuple(layers.Softmax()(cornu.Input((4, 5))).shape) == (None, 4, 5)
