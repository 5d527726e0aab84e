"""PReLU: Keras oracle with shared axes, weight shapes, training, gradients."""

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
X = (RNG.standard_normal((3, 4, 5)) * 2).astype("float32")


@pytest.mark.parametrize("kwargs,alpha_shape", [
    ({}, (4, 5)), ({"shared_axes": [1]}, (1, 5)), ({"shared_axes": [1, 2]}, (1, 1)),
    ({"shared_axes": 2}, (4, 1)),
])
def test_matches_keras(keras, kwargs, alpha_shape):
    ours, theirs = paired_layers(keras, "PReLU", kwargs, X.shape)
    assert tuple(ours.alpha.shape) == alpha_shape
    assert_same_call(keras, ours, theirs, X)


def test_check_layer_trains_alpha():
    check_layer(layers.PReLU, {"alpha_initializer": "ones"}, input_shape=(4, 3),
                expected_output_shape=(4, 3), expected_num_trainable_weights=1)


def test_default_alpha_is_zero_so_it_starts_as_relu():
    y = layers.PReLU()(X)
    np.testing.assert_array_equal(ops.convert_to_numpy(y), np.maximum(X, 0))


def test_config_matches_keras(keras):
    ours = layers.PReLU(shared_axes=[1, 2]).get_config()
    theirs = keras.layers.PReLU(shared_axes=[1, 2]).get_config()
    assert ours["shared_axes"] == theirs["shared_axes"]
    assert ours["alpha_initializer"]["class_name"] == theirs["alpha_initializer"]["class_name"]


def test_gradient_matches_finite_differences():
    layer = layers.PReLU(shared_axes=[1], dtype="float64")
    x = RNG.standard_normal((2, 3, 4))
    x[np.abs(x) < 0.1] += 0.3
    layer.build(x.shape)
    layer.set_weights([RNG.standard_normal((1, 4))])
    finite_difference_check(layer, x)


def test_shared_axis_out_of_range():
    with pytest.raises(ValueError, match="shared axis"):
        layers.PReLU(shared_axes=[3])(X)
