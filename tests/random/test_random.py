"""``cornu.random``: Keras's random functions and ``SeedGenerator``: seeds, shapes, dtypes,
and the distributions' moments against their closed forms."""

import numpy as np
import pytest

import cornu
from cornu import ops, random

N = 40_000


def _np(x):
    return ops.convert_to_numpy(x)


@pytest.mark.parametrize("draw", [
    lambda s: random.normal((3, 4), seed=s),
    lambda s: random.uniform((3, 4), seed=s),
    lambda s: random.truncated_normal((3, 4), seed=s),
    lambda s: random.randint((3, 4), 0, 100, seed=s),
    lambda s: random.categorical(ops.zeros((3, 5)), 4, seed=s),
    lambda s: random.dropout(ops.ones((3, 4)), 0.5, seed=s),
    lambda s: random.shuffle(ops.arange(12), seed=s),
    lambda s: random.gamma((3, 4), 2.0, seed=s),
    lambda s: random.binomial((3, 4), 10, 0.5, seed=s),
    lambda s: random.beta((3, 4), 2.0, 3.0, seed=s),
], ids=["normal", "uniform", "truncated_normal", "randint", "categorical", "dropout",
        "shuffle", "gamma", "binomial", "beta"])
def test_seeds(draw):
    # an int seed repeats; a SeedGenerator moves on, and repeats from the same seed
    np.testing.assert_array_equal(_np(draw(7)), _np(draw(7)))
    gen_a, gen_b = random.SeedGenerator(3), random.SeedGenerator(3)
    first, second = _np(draw(gen_a)), _np(draw(gen_a))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(_np(draw(gen_b)), first)
    np.testing.assert_array_equal(_np(draw(gen_b)), second)


def test_global_seed_repeats_unseeded_draws():
    cornu.utils.set_random_seed(11)
    a = _np(random.normal((5,)))
    cornu.utils.set_random_seed(11)
    np.testing.assert_array_equal(_np(random.normal((5,))), a)


def test_moments():
    normal = _np(random.normal((N,), mean=2.0, stddev=3.0, seed=1))
    assert normal.mean() == pytest.approx(2.0, abs=0.05)
    assert normal.std() == pytest.approx(3.0, rel=0.02)
    uniform = _np(random.uniform((N,), minval=-1.0, maxval=3.0, seed=2))
    assert uniform.min() >= -1.0 and uniform.max() < 3.0
    assert uniform.mean() == pytest.approx(1.0, abs=0.03)
    truncated = _np(random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=3))
    assert truncated.min() >= 1.0 - 4.0 and truncated.max() <= 1.0 + 4.0
    # the standard deviation of a normal cut at +-2 sigma is 0.8796 sigma
    assert truncated.std() == pytest.approx(2.0 * 0.8796, rel=0.02)
    ints = _np(random.randint((N,), 3, 7, seed=4))
    assert set(np.unique(ints)) == {3, 4, 5, 6} and ints.dtype == np.int32
    gamma = _np(random.gamma((N,), 3.0, seed=5))
    assert gamma.mean() == pytest.approx(3.0, rel=0.03)
    assert gamma.var() == pytest.approx(3.0, rel=0.06)
    beta = _np(random.beta((N,), 2.0, 6.0, seed=6))
    assert beta.mean() == pytest.approx(0.25, abs=0.005)
    binomial = _np(random.binomial((N,), 10, 0.3, seed=7))
    assert binomial.mean() == pytest.approx(3.0, rel=0.02)
    assert binomial.var() == pytest.approx(2.1, rel=0.06)


def test_categorical_follows_the_logits():
    logits = ops.log(ops.convert_to_tensor([[0.7, 0.2, 0.1], [0.0, 0.0, 1.0]]) + 1e-12)
    draws = _np(random.categorical(logits, 20_000, seed=8))
    assert draws.shape == (2, 20_000) and draws.dtype == np.int32
    np.testing.assert_allclose(np.bincount(draws[0], minlength=3) / 20_000, [0.7, 0.2, 0.1],
                               atol=0.015)
    assert (draws[1] == 2).all()


def test_dropout_and_shuffle():
    out = _np(random.dropout(ops.ones((200, 100)), 0.25, seed=9))
    assert set(np.unique(out).tolist()) <= {0.0, float(np.float32(1.0 / 0.75))}
    assert (out == 0).mean() == pytest.approx(0.25, abs=0.01)
    rows = _np(random.dropout(ops.ones((50, 8)), 0.5, noise_shape=(50, 1), seed=10))
    assert all(len(set(row)) == 1 for row in rows)  # one draw per row
    x = ops.reshape(ops.arange(20), (4, 5))
    shuffled = _np(random.shuffle(x, axis=1, seed=11))
    np.testing.assert_array_equal(np.sort(shuffled, axis=1), _np(x))


def test_dtypes_and_shapes():
    assert random.normal(4, seed=1).shape == (4,)
    assert str(random.uniform((2, 2), dtype="float64", seed=1).dtype).endswith("float64")
    assert str(random.randint((2,), 0, 5, dtype="int64", seed=1).dtype).endswith("int64")
    assert random.normal((0, 3), seed=1).shape == (0, 3)


def test_seed_generator():
    gen = random.SeedGenerator(5, name="g")
    assert [gen.next_seed(), gen.next(), gen.next_seed()] == [6, 7, 8]
    assert gen.state == [5, 3]
    again = random.SeedGenerator.from_config(gen.get_config())
    assert again.next_seed() == 6 and again.name == "g"
    cornu.utils.set_random_seed(1)
    picked = random.SeedGenerator().initial_seed
    cornu.utils.set_random_seed(1)
    assert random.SeedGenerator().initial_seed == picked  # None: from the global seed
    # usable wherever Keras takes a seed: initializers too
    init = cornu.initializers.RandomNormal(seed=random.SeedGenerator(2))
    assert not np.array_equal(_np(init((3,))), _np(init((3,))))


@pytest.mark.parametrize("call,message", [
    (lambda: random.normal((2,), seed="x"), "`seed` must be None, an int or a"),
    (lambda: random.normal((2, -1)), "negative size"),
    (lambda: random.normal("big"), "`shape` must be a tuple of ints"),
    (lambda: random.randint((2,), 5, 5), "must be greater than `minval`"),
    (lambda: random.dropout(ops.ones((2,)), 1.0), r"`rate` must be in \[0, 1\)"),
    (lambda: random.categorical(ops.zeros((3,)), 2), r"shape \(batch_size, num_classes\)"),
    (lambda: random.SeedGenerator(-1), "non-negative int"),
    (lambda: random.SeedGenerator(seed=1, colour="red"), "unexpected argument"),
])
def test_errors(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
