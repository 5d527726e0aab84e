"""Random initializers: distribution statistics, fan rules and seeding."""

import math

import numpy as np
import pytest

import cornu
from cornu import backend, initializers, ops
from cornu.initializers import compute_fans

TRUNC = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]


def draw(init, shape, dtype=None):
    return ops.convert_to_numpy(init(shape, dtype=dtype)).astype(np.float64)


def test_random_normal_statistics():
    w = draw(initializers.RandomNormal(mean=1.0, stddev=2.0, seed=3), (400, 500))
    assert abs(w.mean() - 1.0) < 0.02
    assert abs(w.std() - 2.0) < 0.02


def test_random_uniform_statistics_and_bounds():
    w = draw(initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=3), (400, 500))
    assert w.min() >= -1.0 and w.max() < 3.0
    assert abs(w.mean() - 1.0) < 0.02
    assert abs(w.var() - 16.0 / 12.0) < 0.02


def test_truncated_normal_statistics_and_bounds():
    w = draw(initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=3), (400, 500))
    assert np.abs(w - 0.5).max() <= 0.2 + 1e-6
    assert abs(w.mean() - 0.5) < 1e-3
    assert abs(w.std() - 0.1 * TRUNC) < 1e-3


def test_keras_defaults():
    assert initializers.RandomNormal().get_config() == {"seed": None, "mean": 0.0, "stddev": 0.05}
    assert initializers.RandomUniform().get_config() == {
        "seed": None, "minval": -0.05, "maxval": 0.05,
    }
    assert initializers.TruncatedNormal().get_config() == {
        "seed": None, "mean": 0.0, "stddev": 0.05,
    }
    assert initializers.VarianceScaling().get_config() == {
        "seed": None, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal",
        "input_axes": None, "output_axes": None,
    }


@pytest.mark.parametrize(
    "shape, fans",
    [
        ((), (1, 1)),
        ((7,), (7, 7)),
        ((20, 30), (20, 30)),
        ((5, 4, 6), (20, 30)),
        ((3, 3, 16, 32), (144, 288)),
        ((2, 3, 3, 4, 5), (72, 90)),
    ],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


def test_compute_fans_with_explicit_axes():
    assert compute_fans((4, 5, 6), input_axes=(0,), output_axes=(1, 2)) == (4, 30)


def test_compute_fans_matches_keras(keras):
    from keras.src.initializers.random_initializers import compute_fans as keras_fans

    for shape in [(), (7,), (20, 30), (5, 4, 6), (3, 3, 16, 32), (2, 3, 3, 4, 5)]:
        assert compute_fans(shape) == keras_fans(shape)


SHAPE = (3, 3, 40, 60)  # fan_in 360, fan_out 540


@pytest.mark.parametrize("mode, fan", [("fan_in", 360), ("fan_out", 540), ("fan_avg", 450)])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_variance(mode, fan, distribution):
    init = initializers.VarianceScaling(scale=2.0, mode=mode, distribution=distribution, seed=0)
    w = draw(init, SHAPE)
    expected_var = 2.0 / fan
    assert abs(w.var() / expected_var - 1.0) < 0.03
    assert abs(w.mean()) < 0.03 * math.sqrt(expected_var)  # ~4 standard errors
    if distribution == "uniform":
        assert np.abs(w).max() <= math.sqrt(3 * expected_var)
    if distribution == "truncated_normal":
        assert np.abs(w).max() <= 2 * math.sqrt(expected_var) / TRUNC + 1e-6


def test_variance_scaling_normal_means_truncated():
    assert initializers.VarianceScaling(distribution="normal").distribution == "truncated_normal"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"scale": 0.0}, "scale"),
        ({"mode": "fan_sum"}, "mode"),
        ({"distribution": "cauchy"}, "distribution"),
        ({"seed": "1"}, "seed"),
    ],
)
def test_variance_scaling_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.VarianceScaling(**kwargs)


@pytest.mark.parametrize(
    "cls, variance, uniform",
    [
        (initializers.GlorotUniform, 2.0 / (360 + 540), True),
        (initializers.GlorotNormal, 2.0 / (360 + 540), False),
        (initializers.HeUniform, 2.0 / 360, True),
        (initializers.HeNormal, 2.0 / 360, False),
        (initializers.LecunUniform, 1.0 / 360, True),
        (initializers.LecunNormal, 1.0 / 360, False),
    ],
)
def test_presets(cls, variance, uniform):
    w = draw(cls(seed=1), SHAPE)
    assert abs(w.var() / variance - 1.0) < 0.03
    bound = math.sqrt(3 * variance) if uniform else 2 * math.sqrt(variance) / TRUNC
    assert np.abs(w).max() <= bound + 1e-6
    assert cls().get_config() == {"seed": None, "input_axes": None, "output_axes": None}


def test_glorot_uniform_limit_on_dense_kernel():
    w = draw(initializers.GlorotUniform(seed=2), (784, 128))
    limit = math.sqrt(6.0 / (784 + 128))
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.99 * limit


@pytest.mark.parametrize(
    "cls",
    [
        initializers.RandomNormal, initializers.RandomUniform, initializers.TruncatedNormal,
        initializers.GlorotUniform, initializers.HeNormal, initializers.Orthogonal,
    ],
)
def test_int_seed_repeats(cls):
    first = draw(cls(seed=42), (6, 5))
    assert np.array_equal(first, draw(cls(seed=42), (6, 5)))
    init = cls(seed=42)
    assert np.array_equal(draw(init, (6, 5)), draw(init, (6, 5)))
    assert not np.array_equal(first, draw(cls(seed=43), (6, 5)))


@pytest.mark.parametrize("cls", [initializers.RandomNormal, initializers.GlorotUniform])
def test_unseeded_draws_follow_the_global_seed(cls):
    init = cls()
    cornu.utils.set_random_seed(7)
    a = draw(init, (6, 5))
    b = draw(init, (6, 5))
    assert not np.array_equal(a, b)
    cornu.utils.set_random_seed(7)
    assert np.array_equal(a, draw(init, (6, 5)))


def test_seed_generator_like_objects_give_new_draws():
    class Counter:
        def __init__(self):
            self.seed = 10

        def next_seed(self):
            self.seed += 1
            return self.seed

    init = initializers.RandomNormal(seed=Counter())
    assert not np.array_equal(draw(init, (4,)), draw(init, (4,)))
    again = initializers.RandomNormal(seed=Counter())
    assert np.array_equal(draw(initializers.RandomNormal(seed=Counter()), (4,)), draw(again, (4,)))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64"])
def test_dtypes(dtype):
    for init in (initializers.RandomNormal(seed=1), initializers.HeUniform(seed=1),
                 initializers.TruncatedNormal(seed=1), initializers.Orthogonal(seed=1)):
        assert ops.dtype(init((4, 4), dtype=dtype)) == dtype
    assert ops.dtype(initializers.RandomUniform(seed=1)((3,))) == backend.floatx()


def test_integer_dtype_is_rejected():
    with pytest.raises(ValueError, match="float dtype"):
        initializers.RandomNormal()((2, 2), dtype="int32")


def test_orthogonal_tall_and_wide():
    tall = draw(initializers.Orthogonal(seed=0), (12, 5))
    np.testing.assert_allclose(tall.T @ tall, np.eye(5), atol=1e-5)
    wide = draw(initializers.Orthogonal(gain=2.0, seed=0), (5, 12))
    np.testing.assert_allclose(wide @ wide.T, 4.0 * np.eye(5), atol=1e-4)


def test_orthogonal_conv_kernel_is_orthogonal_as_a_matrix():
    w = draw(initializers.Orthogonal(seed=0), (3, 3, 4, 8)).reshape(36, 8)
    np.testing.assert_allclose(w.T @ w, np.eye(8), atol=1e-5)


def test_orthogonal_needs_rank_two():
    with pytest.raises(ValueError, match="rank 2"):
        initializers.Orthogonal()((5,))


def test_initializer_builds_a_variable():
    v = backend.Variable(initializers.GlorotUniform(seed=0), shape=(3, 2))
    assert tuple(v.shape) == (3, 2) and v.dtype == initializers.GlorotUniform()((1,)).dtype
