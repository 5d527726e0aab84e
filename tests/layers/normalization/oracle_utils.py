"""Helpers to run a cornu layer and the same real Keras 3 layer on identical weights."""

from __future__ import annotations

import numpy as np

import cornu
from cornu import ops


def random_weights(layer, seed=0, positive=("variance", "stddev")) -> list:
    """Random arrays shaped like ``layer``'s weights (positive where ``positive`` names)."""
    rng = np.random.default_rng(seed)
    out = []
    for w in layer.weights:
        value = rng.standard_normal(tuple(w.shape)).astype("float32")
        if any(p in w.path for p in positive):
            value = np.abs(value) + 0.5
        out.append(value)
    return out


def paired_layers(keras, name, kwargs, input_shape, seed=0, module=None):
    """``(cornu_layer, keras_layer)`` built for ``input_shape`` with the same random weights;
    asserts both have the same weight names, shapes and order."""
    ours = getattr(module or cornu.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    theirs.build(input_shape)
    ours.build(input_shape)
    assert weight_names(ours) == weight_names(theirs)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    weights = random_weights(theirs, seed)
    theirs.set_weights(weights)
    ours.set_weights(weights)
    return ours, theirs


def weight_names(layer) -> list:
    return [w.path.split("/")[-1] for w in layer.weights]


def to_numpy(keras, x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def assert_same_call(keras, ours, theirs, inputs, rtol=1e-5, atol=1e-5, **kwargs):
    """Calls both layers on ``inputs`` and asserts equal outputs; returns our output."""
    want = to_numpy(keras, theirs(inputs, **kwargs))
    got = ops.convert_to_numpy(ours(inputs, **kwargs))
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    return got


def assert_same_weights(keras, ours, theirs, rtol=1e-5, atol=1e-6) -> None:
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def finite_difference_check(fn, x, eps=1e-6, rtol=1e-4, atol=1e-6, seed=0) -> None:
    """Checks the gradient of ``sum(fn(x) * r)`` (``r`` random) against central differences.

    ``x`` is a float64 NumPy array; ``fn`` maps a float64 tensor to a tensor.
    """
    import torch  # test-only: autograd is the engine's, checked here against differences

    rng = np.random.default_rng(seed)
    probe = torch.as_tensor(rng.standard_normal(ops.convert_to_numpy(fn(
        torch.as_tensor(x))).shape))
    xt = torch.as_tensor(x).clone().requires_grad_(True)
    (fn(xt) * probe).sum().backward()
    analytic = xt.grad.numpy()
    numeric = np.zeros_like(x)
    flat = x.reshape(-1)
    for i in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[i] += eps
        minus[i] -= eps
        with torch.no_grad():
            fp = (fn(torch.as_tensor(plus.reshape(x.shape))) * probe).sum().item()
            fm = (fn(torch.as_tensor(minus.reshape(x.shape))) * probe).sum().item()
        numeric.reshape(-1)[i] = (fp - fm) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)
