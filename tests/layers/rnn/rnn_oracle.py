"""Helpers for recurrent and attention tests: Keras 3 twins with equal weights, nested
output comparison, and weight gradients against central finite differences."""

from __future__ import annotations

import numpy as np
import torch

import cornu
from cornu import ops


def twins(keras, make, build_args, seed=0, scale=0.5):
    """``make(module)`` builds a layer from ``cornu.layers`` or ``keras.layers``; both are
    built with ``build_args`` and get the same random weights (names, shapes and order are
    checked). Returns ``(cornu_layer, keras_layer)``."""
    c_layer, k_layer = make(cornu.layers), make(keras.layers)
    c_layer.build(*build_args)
    k_layer.build(*build_args)
    c_names = [w.path.split("/")[-1] for w in c_layer.weights]
    k_names = [w.path.split("/")[-1] for w in k_layer.weights]
    assert c_names == k_names, (c_names, k_names)
    c_shapes = [tuple(w.shape) for w in c_layer.weights]
    assert c_shapes == [tuple(w.shape) for w in k_layer.weights]
    rng = np.random.default_rng(seed)
    weights = [(rng.standard_normal(s) * scale).astype("float32") for s in c_shapes]
    c_layer.set_weights(weights)
    k_layer.set_weights(weights)
    return c_layer, k_layer


def to_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def assert_same(got, want, rtol=1e-5, atol=1e-5):
    """Equal nested outputs (cornu tensors vs Keras tensors or arrays)."""
    got, want = to_list(got), to_list(want)
    assert len(got) == len(want), (len(got), len(want))
    for g, w in zip(got, want):
        if isinstance(g, (list, tuple)):
            assert_same(g, w, rtol, atol)
            continue
        w = np.asarray(w.detach().cpu() if isinstance(w, torch.Tensor) else w)
        np.testing.assert_allclose(ops.convert_to_numpy(g), w, rtol=rtol, atol=atol)


def random_array(shape, seed=0, dtype="float32"):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def check_weight_gradients(layer, x, n_points=4, eps=1e-6, seed=0, call_kwargs=None):
    """Autograd gradients of ``sum(layer(x) * r)`` w.r.t. a few entries of every weight
    equal central finite differences (``layer`` in float64)."""
    call_kwargs = call_kwargs or {}
    rng = np.random.default_rng(seed)
    out = layer(x, **call_kwargs)
    probe = [torch.as_tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype)
             for o in to_list(out)]

    def loss():
        outs = to_list(layer(x, **call_kwargs))
        return sum((o * p).sum() for o, p in zip(outs, probe))

    for w in layer.trainable_weights:
        w.grad = None
    loss().backward()
    for w in layer.trainable_weights:
        grad = w.grad.detach().clone()
        flat = w.detach().view(-1)
        for index in rng.choice(flat.numel(), size=min(n_points, flat.numel()), replace=False):
            with torch.no_grad():
                original = flat[index].item()
                flat[index] = original + eps
                up = loss().item()
                flat[index] = original - eps
                down = loss().item()
                flat[index] = original
            numeric = (up - down) / (2 * eps)
            np.testing.assert_allclose(grad.view(-1)[index].item(), numeric, rtol=1e-5,
                                       atol=1e-7, err_msg=w.path)
