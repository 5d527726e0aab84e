"""NumPy reference math for metrics, and a helper that runs a metric beside real Keras."""

from __future__ import annotations

import numpy as np

import cornu
from cornu import ops

EPS = 1e-7


def to_np(x) -> np.ndarray:
    return np.asarray(ops.convert_to_numpy(x), dtype=np.float64)


def keras_np(x) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(x), dtype=np.float64)


def weighted_mean(values, weights=None) -> float:
    """Mean of per-sample values, weighted per sample."""
    values = np.asarray(values, np.float64)
    if weights is None:
        return float(values.mean())
    weights = np.asarray(weights, np.float64)
    return float((values * weights).sum() / weights.sum())


def accumulate(batches, fn):
    """Concatenates fn(y_true, y_pred) over batches, with per-sample weights (1 if None)."""
    values, weights = [], []
    for y_true, y_pred, sw in batches:
        v = np.asarray(fn(y_true, y_pred), np.float64)
        values.append(v.reshape(len(v), -1).mean(axis=1) if v.ndim > 1 else v)
        weights.append(np.ones(len(v)) if sw is None else np.asarray(sw, np.float64))
    return np.concatenate(values), np.concatenate(weights)


# -- per-sample reference functions ----------------------------------------------------
def mse(t, p):
    return ((t - p) ** 2).mean(-1)


def mae(t, p):
    return np.abs(t - p).mean(-1)


def mape(t, p):
    return 100.0 * (np.abs(t - p) / np.maximum(np.abs(t), EPS)).mean(-1)


def msle(t, p):
    return ((np.log(np.maximum(p, EPS) + 1) - np.log(np.maximum(t, EPS) + 1)) ** 2).mean(-1)


def logcosh(t, p):
    return np.log(np.cosh(p - t)).mean(-1)


def cosine(t, p):
    tn = t / np.linalg.norm(t, axis=-1, keepdims=True)
    pn = p / np.linalg.norm(p, axis=-1, keepdims=True)
    return (tn * pn).sum(-1)


def hinge_labels(t):
    return 2.0 * t - 1.0 if np.all((t == 0) | (t == 1)) else t


def hinge(t, p):
    return np.maximum(1.0 - hinge_labels(t) * p, 0.0).mean(-1)


def squared_hinge(t, p):
    return (np.maximum(1.0 - hinge_labels(t) * p, 0.0) ** 2).mean(-1)


def categorical_hinge(t, p):
    return np.maximum(((1 - t) * p).max(-1) - (t * p).sum(-1) + 1.0, 0.0)


def bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return (-(t * np.log(p) + (1 - t) * np.log(1 - p))).mean(-1)


def cce(t, p):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return -(t * np.log(p)).sum(-1)


def scce(t, p):
    t = np.asarray(t).reshape(-1).astype(int)
    return cce(np.eye(p.shape[-1])[t], p)


def kld(t, p):
    t, p = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
    return (t * np.log(t / p)).sum(-1)


def poisson(t, p):
    return (p - t * np.log(p + EPS)).mean(-1)


def pearson(t, p):
    tc, pc = t - t.mean(-1, keepdims=True), p - p.mean(-1, keepdims=True)
    return (tc * pc).mean(-1) / (tc.std(-1) * pc.std(-1))


def confusion(y_true, y_pred, thresholds, weights=None):
    """(tp, fp, tn, fn) arrays over thresholds for flattened binary data."""
    t = np.asarray(y_true).reshape(-1) != 0
    p = np.asarray(y_pred, np.float64).reshape(-1)
    w = np.ones_like(p) if weights is None else np.broadcast_to(
        np.asarray(weights, np.float64).reshape(len(weights), *([1] * (np.ndim(y_pred) - 1))),
        np.shape(y_pred)).reshape(-1)
    out = []
    for th in thresholds:
        pos = p > np.float32(th)
        out.append([w[t & pos].sum(), w[~t & pos].sum(), w[~t & ~pos].sum(),
                    w[t & ~pos].sum()])
    return np.asarray(out).T


def roc_auc(tp, fp, tn, fn):
    tpr = np.divide(tp, tp + fn, out=np.zeros_like(tp), where=(tp + fn) > 0)
    fpr = np.divide(fp, fp + tn, out=np.zeros_like(fp), where=(fp + tn) > 0)
    return float(((fpr[:-1] - fpr[1:]) * (tpr[:-1] + tpr[1:]) / 2).sum())


# -- comparing with real Keras -------------------------------------------------------------
def run_beside_keras(name, batches, kwargs=None, rtol=1e-5, atol=1e-6, check_reset=True):
    """Runs ``cornu.metrics.<name>`` and ``keras.metrics.<name>`` on the same batches.

    Compares the results after every ``update_state``, after ``reset_state`` and one more
    batch, and the configs (all Keras config keys but ``name``). Returns the cornu metric.
    """
    import keras

    kwargs = kwargs or {}
    ours = getattr(cornu.metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    for y_true, y_pred, sw in batches:
        ours.update_state(y_true, y_pred, sample_weight=sw)
        theirs.update_state(y_true, y_pred, sample_weight=sw)
        np.testing.assert_allclose(to_np(ours.result()), keras_np(theirs.result()),
                                   rtol=rtol, atol=atol, err_msg=f"{name}({kwargs})")
    if check_reset:
        ours.reset_state()
        theirs.reset_state()
        y_true, y_pred, sw = batches[-1]
        ours.update_state(y_true, y_pred, sample_weight=sw)
        theirs.update_state(y_true, y_pred, sample_weight=sw)
        np.testing.assert_allclose(to_np(ours.result()), keras_np(theirs.result()),
                                   rtol=rtol, atol=atol, err_msg=f"{name} after reset")
    ours_config, keras_config = ours.get_config(), theirs.get_config()
    for key, value in keras_config.items():
        if key == "name":
            continue
        assert key in ours_config, (key, ours_config)
        if hasattr(value, "shape"):  # Keras keeps some arrays (AUC label_weights) as tensors
            np.testing.assert_allclose(ours_config[key], keras_np(value))
        else:
            assert ours_config[key] == value, (key, ours_config)
    rebuilt = type(ours).from_config(ours_config)
    assert rebuilt.get_config() == ours_config
    return ours
