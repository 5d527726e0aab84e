"""Normalization, Rescaling, Discretization, CategoryEncoding against real Keras 3."""

import numpy as np
import pytest

from cornu import layers, ops

RNG = np.random.RandomState(0)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("axis", [-1, None, (1, 2), 1])
def test_normalization_adapt_matches_keras(keras, axis):
    data = RNG.randn(20, 4, 3).astype("float32") * 3 + 1
    ours, theirs = layers.Normalization(axis=axis), keras.layers.Normalization(axis=axis)
    ours.adapt(data)
    theirs.adapt(data)
    x = RNG.randn(5, 4, 3).astype("float32")
    np.testing.assert_allclose(_np(ours(x)), _np(theirs(x)), rtol=1e-5, atol=1e-5)


def test_normalization_adapt_batches_and_invert(keras):
    data = RNG.randn(64, 3).astype("float32") * 2 + 5
    ours = layers.Normalization()
    ours.adapt([data[:16], data[16:40], data[40:]])
    np.testing.assert_allclose(_np(ours.adapt_mean), data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(_np(ours.adapt_variance), data.var(0), rtol=1e-4)
    inverse = layers.Normalization(mean=_np(ours.adapt_mean), variance=_np(ours.adapt_variance),
                                   invert=True)
    np.testing.assert_allclose(_np(inverse(ours(data))), data, rtol=1e-4, atol=1e-4)
    theirs = keras.layers.Normalization(mean=2.0, variance=4.0, invert=True)
    fixed = layers.Normalization(mean=2.0, variance=4.0, invert=True)
    np.testing.assert_allclose(_np(fixed(data)), _np(theirs(data)), rtol=1e-6)


def test_normalization_errors():
    with pytest.raises(ValueError, match="both"):
        layers.Normalization(mean=1.0)
    with pytest.raises(ValueError, match="empty"):
        layers.Normalization().adapt([])


@pytest.mark.parametrize("scale,offset", [(1 / 255, 0.0), (2.0, -1.0), ([1.0, 2.0, 3.0], 0.5)])
def test_rescaling_matches_keras(keras, scale, offset):
    x = RNG.rand(2, 4, 4, 3).astype("float32") * 255
    np.testing.assert_allclose(_np(layers.Rescaling(scale, offset)(x)),
                               _np(keras.layers.Rescaling(scale, offset)(x)), rtol=1e-6)


@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_discretization_matches_keras(keras, mode):
    x = RNG.randn(6, 4).astype("float32")
    kwargs = {"bin_boundaries": [-1.0, 0.0, 0.5, 1.0], "output_mode": mode}
    if mode == "one_hot":
        x = x[:, :1]
    np.testing.assert_allclose(_np(layers.Discretization(**kwargs)(x)),
                               _np(keras.layers.Discretization(**kwargs)(x)))


def test_discretization_adapt_matches_keras(keras):
    # Keras's adapt() needs TensorFlow; its quantile summary functions are plain NumPy.
    ref = pytest.importorskip("keras.src.layers.preprocessing.discretization")
    data = RNG.randn(1000).astype("float32")
    ours = layers.Discretization(num_bins=5, epsilon=0.01)
    ours.adapt(data[:600])
    ours.update_state(data[600:])
    ours.finalize_state()
    summary = np.array([[], []], dtype="float32")
    for part in (data[:600], data[600:]):
        summary = ref.merge_summaries(ref.summarize(part, 0.01), summary, 0.01)
    np.testing.assert_allclose(ours.bin_boundaries, ref.get_bin_boundaries(summary, 5),
                               rtol=1e-6)
    clone = layers.Discretization.from_config(ours.get_config())
    assert clone.bin_boundaries == ours.bin_boundaries


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_category_encoding_matches_keras(keras, mode):
    x = np.array([[0, 1, 3], [2, 2, 0]]) if mode != "one_hot" else np.array([3, 0, 1])
    np.testing.assert_allclose(
        _np(layers.CategoryEncoding(num_tokens=5, output_mode=mode)(x)),
        _np(keras.layers.CategoryEncoding(num_tokens=5, output_mode=mode)(x)))
    weights = np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 3.0]], "float32")
    if mode == "count":
        np.testing.assert_allclose(
            _np(layers.CategoryEncoding(5, "count")(x, count_weights=weights)),
            _np(keras.layers.CategoryEncoding(5, "count")(x, count_weights=weights)))


def test_category_encoding_errors():
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="output_mode"):
        layers.CategoryEncoding(3, output_mode="bogus")
