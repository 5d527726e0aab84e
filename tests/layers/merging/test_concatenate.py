"""Concatenate: Keras oracle over axes, mask concatenation, errors."""

import numpy as np
import pytest
from layers.normalization.oracle_utils import to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(1)


def rand(*shape):
    return RNG.standard_normal(shape).astype("float32")


@pytest.mark.parametrize("axis,shapes", [
    (-1, [(3, 4, 5), (3, 4, 2)]), (1, [(3, 4, 5), (3, 2, 5)]), (0, [(2, 3), (4, 3)]),
    (-1, [(2, 3), (2, 1), (2, 6)]),
])
def test_matches_keras(keras, axis, shapes):
    xs = [rand(*s) for s in shapes]
    want = to_numpy(keras, keras.layers.Concatenate(axis=axis)(xs))
    layer = layers.Concatenate(axis=axis)
    got = ops.convert_to_numpy(layer(xs))
    np.testing.assert_array_equal(got, want)
    assert layer.compute_output_shape([s for s in shapes]) == want.shape


@pytest.mark.parametrize("axis,masked", [(1, [True, False]), (-1, [True, True]),
                                         (1, [True, True])])
def test_masks_are_concatenated_as_keras(keras, axis, masked):
    shapes = [(3, 4, 5), (3, 2, 5)] if axis == 1 else [(3, 4, 5), (3, 4, 2)]
    xs = [rand(*s) for s in shapes]
    masks = [RNG.random(s[:2]) > 0.5 if m else None for s, m in zip(shapes, masked)]

    def inputs(make):
        out = []
        for x, m in zip(xs, masks):
            t = make(x)
            if m is not None:
                t._keras_mask = make(m)
            out.append(t)
        return out

    theirs = keras.layers.Concatenate(axis=axis)(inputs(keras.ops.convert_to_tensor))
    ours = layers.Concatenate(axis=axis)(inputs(ops.convert_to_tensor))
    np.testing.assert_array_equal(ops.convert_to_numpy(ours._keras_mask),
                                  to_numpy(keras, theirs._keras_mask))


def test_functional_form_in_a_model():
    a, b = cornu.Input((3,)), cornu.Input((2,))
    out = layers.concatenate([a, b])
    assert tuple(out.shape) == (None, 5)
    model = cornu.Model([a, b], layers.Dense(1)(out))
    model.compile("sgd", "mse")
    model.fit([rand(4, 3), rand(4, 2)], np.zeros((4, 1)), verbose=0)


def test_config_and_errors(keras):
    assert layers.Concatenate(axis=1).get_config()["axis"] == 1
    assert keras.layers.Concatenate(axis=1).get_config()["axis"] == 1
    with pytest.raises(ValueError, match="match except along"):
        layers.Concatenate()([rand(2, 3, 4), rand(2, 5, 4)])
    with pytest.raises(ValueError, match="list of tensors"):
        layers.Concatenate()(rand(2, 3))
