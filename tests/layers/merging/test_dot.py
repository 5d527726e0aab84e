"""Dot: Keras oracle over axes and ranks, normalize (cosine), gradients, errors."""

import numpy as np
import pytest
from layers.normalization.oracle_utils import to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(2)

CASES = [
    (1, [(3, 4), (3, 4)]),
    (-1, [(3, 4, 5), (3, 6, 5)]),
    ([2, 1], [(3, 4, 5), (3, 5, 6)]),
    ([1, 1], [(3, 4), (3, 4, 6)]),
    ([2, 1], [(3, 4, 5), (3, 5)]),
    ([1, 2], [(3, 4, 5, 2), (3, 6, 4)]),
]


@pytest.mark.parametrize("axes,shapes", CASES)
@pytest.mark.parametrize("normalize", [False, True])
def test_matches_keras(keras, axes, shapes, normalize):
    xs = [RNG.standard_normal(s).astype("float32") for s in shapes]
    want = to_numpy(keras, keras.layers.Dot(axes=axes, normalize=normalize)(xs))
    layer = layers.Dot(axes=axes, normalize=normalize)
    got = ops.convert_to_numpy(layer(xs))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape(shapes) == want.shape


def test_normalized_dot_is_cosine_similarity():
    a, b = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 3))
    got = ops.convert_to_numpy(layers.dot([a.astype("float32"), b.astype("float32")], axes=1,
                                          normalize=True))
    want = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-5, atol=1e-6)


def test_gradient_flows_to_both_inputs():
    a, b = cornu.Input((3, 4)), cornu.Input((3, 4))
    model = cornu.Model([a, b], layers.Flatten()(layers.Dot(axes=2)(
        [layers.Dense(4)(a), layers.Dense(4)(b)])))
    model.compile("sgd", "mse")
    before = [w.copy() for w in model.get_weights()]
    xa, xb = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 3, 4))
    model.fit([xa, xb], np.zeros((2, 9)), verbose=0)
    assert all(not np.array_equal(x, y) for x, y in zip(before, model.get_weights()))


def test_config_matches_keras(keras):
    ours = layers.Dot(axes=[1, 2], normalize=True).get_config()
    theirs = keras.layers.Dot(axes=[1, 2], normalize=True).get_config()
    assert list(ours["axes"]) == list(theirs["axes"]) and ours["normalize"] is True


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="axes"):
        layers.Dot(axes=[1, 2, 3])
    with pytest.raises(ValueError, match="incompatible sizes"):
        layers.Dot(axes=1)([np.ones((2, 3), "float32"), np.ones((2, 4), "float32")])
    with pytest.raises(ValueError, match="batch axis"):
        layers.Dot(axes=0)([np.ones((2, 3), "float32"), np.ones((2, 3), "float32")])
