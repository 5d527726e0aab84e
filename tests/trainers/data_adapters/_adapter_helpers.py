"""Shared data and models of the data adapter tests (plain functions, not fixtures)."""

import numpy as np

import cornu


def linear_data():
    rng = np.random.default_rng(0)
    x = rng.random((64, 3)).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5], dtype="float32") + 0.3).reshape(-1, 1)
    return x, y


def make_model(lr=0.1, metrics=None):
    """Two calls give models with identical initial weights."""
    cornu.utils.set_random_seed(7)
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4, activation="tanh"),
                              cornu.layers.Dense(1)])
    model.compile(cornu.optimizers.SGD(learning_rate=lr), "mse", metrics=metrics)
    return model


def same_weights(a, b, rtol=1e-5, atol=1e-6):
    for u, v in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(u, v, rtol=rtol, atol=atol)
