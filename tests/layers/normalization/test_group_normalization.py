"""GroupNormalization: Keras oracle (channels last and first, instance norm), gradients."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import (
    assert_same_call,
    finite_difference_check,
    paired_layers,
)

from cornu import layers

RNG = np.random.default_rng(2)
X4 = (RNG.standard_normal((3, 4, 5, 6)) * 2 - 1).astype("float32")
X3 = RNG.standard_normal((3, 7, 6)).astype("float32")


@pytest.mark.parametrize("kwargs,shape", [
    ({"groups": 2}, (2, 4, 6)),
    ({"groups": 3, "axis": 1}, (2, 6, 4, 4)),
    ({"groups": -1}, (2, 4, 4, 6)),
])
def test_check_layer(kwargs, shape):
    check_layer(layers.GroupNormalization, kwargs, input_shape=shape,
                expected_output_shape=shape, expected_num_trainable_weights=2)


@pytest.mark.parametrize("kwargs,x", [
    ({"groups": 2}, X4), ({"groups": 3}, X3), ({"groups": 1}, X4), ({"groups": -1}, X4),
    ({"groups": 2, "axis": 1}, X4), ({"groups": 5, "axis": 2}, X4),
    ({"groups": 3, "center": False, "epsilon": 0.1}, X3), ({"groups": 6, "scale": False}, X3),
])
def test_matches_keras(keras, kwargs, x):
    ours, theirs = paired_layers(keras, "GroupNormalization", kwargs, x.shape)
    assert_same_call(keras, ours, theirs, x)


def test_instance_normalization_config_records_groups(keras):
    ours = layers.GroupNormalization(groups=-1)
    ours.build(X3.shape)
    assert ours.get_config()["groups"] == 6


@pytest.mark.parametrize("axis,shape", [(-1, (2, 3, 4)), (1, (2, 4, 3))])
def test_gradient_matches_finite_differences(axis, shape):
    gn = layers.GroupNormalization(groups=2, axis=axis, dtype="float64")
    x = RNG.standard_normal(shape)
    gn.build(shape)
    gn.set_weights([RNG.standard_normal(w.shape) for w in gn.weights])
    finite_difference_check(gn, x)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="groups"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(ValueError, match="multiple"):
        layers.GroupNormalization(groups=4)(X3)
