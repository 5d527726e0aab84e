"""Runs the same optimizer on the same values and gradients in cornu, NumPy and Keras 3."""

from __future__ import annotations

import numpy as np

from .reference import ReferenceOptimizer

SHAPES = [(3, 4), (4,), (2, 3, 2)]
STEPS = 6

# Hyperparameter variants per optimizer (each also runs with every COMMON option below).
HYPER = {
    "SGD": [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True}],
    "Adam": [{}, {"amsgrad": True}, {"beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}],
    "AdamW": [{}, {"weight_decay": 0.1, "amsgrad": True}],
    "RMSprop": [
        {}, {"centered": True}, {"momentum": 0.5},
        {"momentum": 0.5, "centered": True, "rho": 0.8},
    ],
    "Adagrad": [{}, {"initial_accumulator_value": 0.5, "epsilon": 1e-3}],
    "Adadelta": [{}, {"rho": 0.9, "epsilon": 1e-5}],
    "Adamax": [{}, {"beta_1": 0.8, "beta_2": 0.9}],
    "Nadam": [{}, {"beta_1": 0.8, "beta_2": 0.99}],
    "Lion": [{}, {"beta_1": 0.5, "beta_2": 0.9}],
    "Lamb": [{}, {"beta_1": 0.8, "epsilon": 1e-4}],
    "Ftrl": [
        {},
        {
            "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.02,
            "l2_shrinkage_regularization_strength": 0.03, "beta": 0.1,
            "learning_rate_power": -0.3, "initial_accumulator_value": 0.2,
        },
    ],
    "Adafactor": [{}, {"relative_step": False, "clip_threshold": 0.5, "epsilon_2": 0.01}],
}
COMMON = [
    {"clipnorm": 0.5},
    {"clipvalue": 0.05},
    {"global_clipnorm": 0.7},
    {"weight_decay": 0.05},
    {"use_ema": True},
    {"use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 3},
    {"gradient_accumulation_steps": 2},
    {"gradient_accumulation_steps": 3, "use_ema": True, "ema_overwrite_frequency": 2},
    {"loss_scale_factor": 8.0},
]
FAST = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion"]


def cases(names=None):
    """(name, kwargs) pairs: every hyperparameter variant, and every common option."""
    out = []
    for name, variants in HYPER.items():
        if names is not None and name not in names:
            continue
        out += [(name, dict(v)) for v in variants]
        out += [(name, dict(c)) for c in COMMON]
    return out


def case_id(case) -> str:
    name, kwargs = case
    return name + ("-" + "-".join(f"{k}={v}" for k, v in kwargs.items()) if kwargs else "")


def make_data(seed: int = 0, steps: int = STEPS, shapes=SHAPES):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=s).astype("float32") for s in shapes]
    grads = [[rng.normal(size=s).astype("float32") for s in shapes] for _ in range(steps)]
    return params, grads


def with_lr(kwargs, lr=0.05):
    return {"learning_rate": lr, **kwargs}


def run_cornu(name, kwargs, params, grads, fast=True, finalize=True):
    """Per-step snapshots of the variables (and the optimizer) after each ``apply``."""
    import cornu
    from cornu import ops

    opt = getattr(cornu.optimizers, name)(**kwargs)
    opt._allow_fast_path = fast
    variables = [cornu.Variable(p.copy(), name=f"v{i}") for i, p in enumerate(params)]
    history = []
    for step_grads in grads:
        opt.apply([ops.convert_to_tensor(g) for g in step_grads], variables)
        history.append([v.numpy().copy() for v in variables])
    if finalize:
        opt.finalize_variable_values(variables)
        history.append([v.numpy().copy() for v in variables])
    return history, opt


def run_keras(keras, name, kwargs, params, grads, finalize=True):
    import torch

    opt = getattr(keras.optimizers, name)(**kwargs)
    variables = [keras.Variable(p.copy(), name=f"v{i}") for i, p in enumerate(params)]
    history = []
    for step_grads in grads:
        opt.apply([torch.tensor(g) for g in step_grads], variables)
        history.append([np.array(v.numpy()) for v in variables])
    if finalize:
        opt.finalize_variable_values(variables)
        history.append([np.array(v.numpy()) for v in variables])
    return history


def run_reference(name, kwargs, params, grads, finalize=True):
    ref = ReferenceOptimizer(name, params, **kwargs)
    history = []
    for step_grads in grads:
        ref.apply(step_grads)
        history.append([p.copy() for p in ref.params])
    if finalize:
        if ref.use_ema:
            ref.params = [a.copy() for a in ref.averages]
        history.append([p.copy() for p in ref.params])
    return history


def assert_histories_close(actual, expected, rtol=1e-5, atol=1e-6):
    assert len(actual) == len(expected)
    for step, (a_step, e_step) in enumerate(zip(actual, expected)):
        for i, (a, e) in enumerate(zip(a_step, e_step)):
            np.testing.assert_allclose(
                a, e, rtol=rtol, atol=atol, err_msg=f"step {step}, variable {i}"
            )
