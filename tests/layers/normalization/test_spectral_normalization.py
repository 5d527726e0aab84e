"""SpectralNormalization: Keras oracle on Dense and Embedding, weight order, config."""

import numpy as np
import pytest
from layers.normalization.oracle_utils import assert_same_weights, random_weights, to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(5)


def pair(keras, inner, kwargs, input_shape, power_iterations=1):
    ours = layers.SpectralNormalization(getattr(layers, inner)(**kwargs),
                                        power_iterations=power_iterations)
    theirs = keras.layers.SpectralNormalization(getattr(keras.layers, inner)(**kwargs),
                                                power_iterations=power_iterations)
    theirs.build(input_shape)
    ours.build(input_shape)
    weights = random_weights(theirs, seed=1)
    theirs.set_weights(weights)
    ours.set_weights(weights)
    return ours, theirs


@pytest.mark.parametrize("shape,iterations", [((3, 5), 1), ((3, 4, 5), 3)])
def test_dense_matches_keras(keras, shape, iterations):
    x = RNG.standard_normal(shape).astype("float32")
    ours, theirs = pair(keras, "Dense", {"units": 4}, shape, iterations)
    assert [w.path.split("/")[-1] for w in ours.weights] == ["kernel", "vector_u", "bias"]
    for training in (True, True, False):
        want = to_numpy(keras, theirs(x, training=training))
        got = ops.convert_to_numpy(ours(x, training=training))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        assert_same_weights(keras, ours, theirs)


def test_embedding_kernel_update_matches_keras(keras):
    x = RNG.integers(0, 7, (3, 4))
    ours, theirs = pair(keras, "Embedding", {"input_dim": 7, "output_dim": 4}, x.shape, 2)
    theirs(x, training=True)
    out = ours(x, training=True)
    assert_same_weights(keras, ours, theirs)
    assert ops.dtype(out) == "float32"  # Keras casts to the integer input dtype; we do not


def test_normalized_kernel_has_unit_spectral_norm():
    sn = layers.SpectralNormalization(layers.Dense(6), power_iterations=30)
    x = RNG.standard_normal((2, 8)).astype("float32")
    sn(x, training=True)
    sigma = np.linalg.svd(sn.kernel.numpy(), compute_uv=False)[0]
    assert abs(sigma - 1.0) < 1e-3
    kernel = sn.kernel.numpy().copy()
    sn(x, training=False)
    np.testing.assert_array_equal(kernel, sn.kernel.numpy())


def test_trains_and_round_trips_config():
    inputs = cornu.Input((5,))
    model = cornu.Model(inputs, layers.SpectralNormalization(layers.Dense(2))(inputs))
    model.compile("sgd", "mse")
    model.fit(RNG.standard_normal((8, 5)), np.zeros((8, 2)), epochs=1, verbose=0)
    layer = model.layers[-1]
    config = layer.get_config()
    assert config["power_iterations"] == 1
    clone = layers.SpectralNormalization.from_config(config)
    assert isinstance(clone.layer, layers.Dense) and clone.layer.units == 2


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="kernel"):
        layers.SpectralNormalization(layers.ReLU())(np.ones((2, 3), "float32"))
