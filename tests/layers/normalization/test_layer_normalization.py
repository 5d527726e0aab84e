"""LayerNormalization: Keras oracle, NumPy reference for non-trailing axes, gradients."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import (
    assert_same_call,
    finite_difference_check,
    paired_layers,
)

from cornu import layers, ops

RNG = np.random.default_rng(1)
X = (RNG.standard_normal((3, 4, 5)) * 2 + 1).astype("float32")


def reference(x, axes, gamma=None, beta=None, eps=1e-3):
    mean = x.mean(axis=tuple(axes), keepdims=True)
    var = x.var(axis=tuple(axes), keepdims=True)
    shape = [1] * x.ndim
    for a in axes:
        shape[a] = x.shape[a]
    y = (x - mean) / np.sqrt(var + eps)
    if gamma is not None:
        y = y * gamma.reshape(shape)
    if beta is not None:
        y = y + beta.reshape(shape)
    return y


@pytest.mark.parametrize("kwargs", [{}, {"axis": [1, 2]}, {"center": False, "scale": False}])
def test_check_layer(kwargs):
    check_layer(layers.LayerNormalization, kwargs, input_shape=(2, 4, 5),
                expected_output_shape=(2, 4, 5),
                train=kwargs.get("center", True))


@pytest.mark.parametrize("kwargs", [
    {}, {"axis": -1, "epsilon": 0.1}, {"axis": [1, 2]}, {"axis": [-2, -1]},
    {"center": False}, {"scale": False},
])
def test_matches_keras(keras, kwargs):
    ours, theirs = paired_layers(keras, "LayerNormalization", kwargs, X.shape)
    assert_same_call(keras, ours, theirs, X)


@pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")
def test_rms_scaling_matches_keras_and_warns(keras):
    with pytest.warns(UserWarning, match="rms_scaling"):
        ours = layers.LayerNormalization(rms_scaling=True)
    theirs = keras.layers.LayerNormalization(rms_scaling=True)
    theirs.build(X.shape)
    ours.build(X.shape)
    assert [w.path.split("/")[-1] for w in ours.weights] == ["gamma"]
    ours.set_weights(theirs.get_weights())
    assert_same_call(keras, ours, theirs, X)


@pytest.mark.parametrize("axes", [[1], [0, 2], [1, 3]])
def test_non_trailing_axes_match_numpy(axes):
    x = RNG.standard_normal((2, 3, 4, 5)).astype("float32")
    ln = layers.LayerNormalization(axis=axes)
    ln.build(x.shape)
    gamma = RNG.standard_normal(ln.gamma.shape).astype("float32")
    beta = RNG.standard_normal(ln.beta.shape).astype("float32")
    ln.set_weights([gamma, beta])
    np.testing.assert_allclose(ops.convert_to_numpy(ln(x)), reference(x, axes, gamma, beta),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("axis", [-1, [1, 2], 1])
def test_gradient_matches_finite_differences(axis):
    ln = layers.LayerNormalization(axis=axis, dtype="float64")
    x = RNG.standard_normal((2, 3, 4))
    ln.build(x.shape)
    ln.set_weights([RNG.standard_normal(w.shape) for w in ln.weights])
    finite_difference_check(ln, x)


def test_mask_passes_through():
    x = ops.convert_to_tensor(X)
    x._keras_mask = ops.convert_to_tensor(np.ones((3, 4), bool))
    assert layers.LayerNormalization()(x)._keras_mask is not None


def test_bad_axis_is_reported():
    with pytest.raises(ValueError, match="out of range"):
        layers.LayerNormalization(axis=5)(X)
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="last")
