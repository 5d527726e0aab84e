"""The random draws of ``cornu.random``: argument checks, then the engine's samplers."""

from __future__ import annotations

from cornu import backend


def _seed(seed, fn: str):
    if seed is None or hasattr(seed, "next_seed"):  # None, a SeedGenerator or alike
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(
            f"random.{fn}: `seed` must be None, an int or a `cornu.random.SeedGenerator`, "
            f"got {seed!r}.")
    return seed


def _shape(shape, fn: str) -> tuple:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        out = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"random.{fn}: `shape` must be a tuple of ints, got {shape!r}.") from None
    if any(d < 0 for d in out):
        raise ValueError(f"random.{fn}: `shape` has a negative size: {shape!r}.")
    return out


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from a normal distribution (``mean``, ``stddev``)."""
    return backend.random.normal(_shape(shape, "normal"), mean, stddev, dtype,
                                 _seed(seed, "normal"))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Draws from the uniform distribution on ``[minval, maxval)``."""
    return backend.random.uniform(_shape(shape, "uniform"), minval, maxval, dtype,
                                  _seed(seed, "uniform"))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal draws cut at two standard deviations from the mean."""
    return backend.random.truncated_normal(_shape(shape, "truncated_normal"), mean, stddev,
                                           dtype, _seed(seed, "truncated_normal"))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers drawn uniformly from ``[minval, maxval)``."""
    if int(maxval) <= int(minval):
        raise ValueError(
            f"random.randint: `maxval` ({maxval}) must be greater than `minval` ({minval}).")
    return backend.random.randint(_shape(shape, "randint"), minval, maxval, dtype,
                                  _seed(seed, "randint"))


def categorical(logits, num_samples, dtype="int32", seed=None):
    """``num_samples`` class indices per row of ``logits`` (batch, classes)."""
    if len(getattr(logits, "shape", ())) != 2:
        raise ValueError(
            "random.categorical: `logits` must have shape (batch_size, num_classes), got "
            f"shape {tuple(getattr(logits, 'shape', ()))}.")
    return backend.random.categorical(logits, int(num_samples), dtype,
                                      _seed(seed, "categorical"))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes each value with probability ``rate`` and scales the rest by 1/(1 - rate)."""
    if not 0 <= float(rate) < 1:
        raise ValueError(f"random.dropout: `rate` must be in [0, 1), got {rate!r}.")
    return backend.random.dropout(inputs, float(rate), noise_shape, _seed(seed, "dropout"))


def shuffle(x, axis=0, seed=None):
    """``x`` with its entries permuted along ``axis``."""
    return backend.random.shuffle(x, axis, _seed(seed, "shuffle"))


def gamma(shape, alpha, dtype=None, seed=None):
    """Draws from a gamma distribution of shape ``alpha`` (scale 1)."""
    return backend.random.gamma(_shape(shape, "gamma"), alpha, dtype, _seed(seed, "gamma"))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Draws from binomial distributions (``counts`` trials of success ``probabilities``)."""
    return backend.random.binomial(_shape(shape, "binomial"), counts, probabilities, dtype,
                                   _seed(seed, "binomial"))


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Draws from a beta distribution (``alpha``, ``beta``)."""
    return backend.random.beta(_shape(shape, "beta"), alpha, beta, dtype,
                               _seed(seed, "beta"))
