"""NumPy reference math for the per-sample loss functions, written from the formulas.

Computed in float64; the inputs are already aligned (same shapes) unless noted.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-7


def _f(x):
    return np.asarray(x, dtype=np.float64)


def mse(t, p):
    return np.mean((_f(t) - _f(p)) ** 2, axis=-1)


def mae(t, p):
    return np.mean(np.abs(_f(t) - _f(p)), axis=-1)


def mape(t, p):
    t, p = _f(t), _f(p)
    return 100.0 * np.mean(np.abs(t - p) / np.maximum(np.abs(t), EPS), axis=-1)


def msle(t, p):
    t, p = _f(t), _f(p)
    return np.mean((np.log1p(np.maximum(p, EPS)) - np.log1p(np.maximum(t, EPS))) ** 2, axis=-1)


def huber(t, p, delta=1.0):
    e = _f(p) - _f(t)
    a = np.abs(e)
    return np.mean(np.where(a <= delta, 0.5 * e * e, delta * a - 0.5 * delta * delta), axis=-1)


def log_cosh(t, p):
    return np.mean(np.log(np.cosh(_f(p) - _f(t))), axis=-1)


def cosine_similarity(t, p, axis=-1):
    t, p = _f(t), _f(p)
    tn = t / np.maximum(np.linalg.norm(t, axis=axis, keepdims=True), EPS)
    pn = p / np.maximum(np.linalg.norm(p, axis=axis, keepdims=True), EPS)
    return -np.sum(tn * pn, axis=axis)


def _signed(t):
    t = _f(t)
    return 2.0 * t - 1.0 if np.all((t == 0) | (t == 1)) else t


def hinge(t, p):
    return np.mean(np.maximum(1.0 - _signed(t) * _f(p), 0.0), axis=-1)


def squared_hinge(t, p):
    return np.mean(np.maximum(1.0 - _signed(t) * _f(p), 0.0) ** 2, axis=-1)


def categorical_hinge(t, p):
    t, p = _f(t), _f(p)
    pos = np.sum(t * p, axis=-1)
    neg = np.max((1.0 - t) * p, axis=-1)
    return np.maximum(neg - pos + 1.0, 0.0)


def kl_divergence(t, p):
    t, p = np.clip(_f(t), EPS, 1.0), np.clip(_f(p), EPS, 1.0)
    return np.sum(t * np.log(t / p), axis=-1)


def poisson(t, p):
    t, p = _f(t), _f(p)
    return np.mean(p - t * np.log(p + EPS), axis=-1)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _bce_elements(t, p, from_logits):
    if from_logits:
        z = p
        return np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))
    p = np.clip(p, EPS, 1.0 - EPS)
    return -(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))


def binary_crossentropy(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t, p = _f(t), _f(p)
    t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return np.mean(_bce_elements(t, p, from_logits), axis=axis)


def binary_focal_crossentropy(
    t,
    p,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    t, p = _f(t), _f(p)
    t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        p = _sigmoid(p)
    bce = _bce_elements(t, p, False)
    p_t = t * p + (1.0 - t) * (1.0 - p)
    out = (1.0 - p_t) ** gamma * bce
    if apply_class_balancing:
        out = (t * alpha + (1.0 - t) * (1.0 - alpha)) * out
    return np.mean(out, axis=axis)


def _log_probs(p, from_logits, axis):
    if from_logits:
        z = p - np.max(p, axis=axis, keepdims=True)
        return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
    p = p / np.sum(p, axis=axis, keepdims=True)
    return np.log(np.clip(p, EPS, 1.0 - EPS))


def categorical_crossentropy(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t, p = _f(t), _f(p)
    t = t * (1.0 - label_smoothing) + label_smoothing / t.shape[axis]
    return -np.sum(t * _log_probs(p, from_logits, axis), axis=axis)


def categorical_focal_crossentropy(
    t, p, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    t, p = _f(t), _f(p)
    t = t * (1.0 - label_smoothing) + label_smoothing / t.shape[axis]
    if from_logits:
        p = np.exp(_log_probs(p, True, axis))
    probs = np.clip(p / np.sum(p, axis=axis, keepdims=True), EPS, 1.0 - EPS)
    return np.sum(alpha * (1.0 - probs) ** gamma * -t * np.log(probs), axis=axis)


def sparse_categorical_crossentropy(t, p, from_logits=False, ignore_class=None, axis=-1):
    t = np.asarray(t).astype(np.int64)
    p = np.moveaxis(_f(p), axis, -1)
    if t.ndim == p.ndim:
        t = t[..., 0]
    logp = _log_probs(p, from_logits, -1)
    keep = np.ones(t.shape, bool) if ignore_class is None else t != ignore_class
    safe = np.where(keep, t, 0)
    out = -np.take_along_axis(logp, safe[..., None], axis=-1)[..., 0]
    return np.where(keep, out, 0.0)


def categorical_generalized_cross_entropy(t, p, q):
    t = np.asarray(t).astype(np.int64).reshape(-1)
    p = _f(p)
    picked = p[np.arange(len(t)), t]
    return (1.0 - picked**q) / q


def dice(t, p, axis=None):
    t, p = _f(t), _f(p)
    inter = np.sum(t * p, axis=axis)
    return 1.0 - 2.0 * inter / (np.sum(t, axis=axis) + np.sum(p, axis=axis) + EPS)


def tversky(t, p, alpha=0.5, beta=0.5, axis=None):
    t, p = _f(t), _f(p)
    tp = np.sum(t * p, axis=axis)
    a = np.sum(t * (1.0 - p), axis=axis)
    b = np.sum((1.0 - t) * p, axis=axis)
    return 1.0 - tp / (tp + alpha * a + beta * b + EPS)


def _logsumexp_rows(x):
    out = np.full(x.shape[0], -np.inf)
    for i, row in enumerate(x):
        finite = row[np.isfinite(row)]
        if finite.size:
            m = finite.max()
            out[i] = m + np.log(np.sum(np.exp(finite - m)))
    return out


def circle(t, p, remove_diagonal=True, gamma=80.0, margin=0.4):
    t = np.asarray(t).reshape(-1)
    p = _f(p)
    dist = np.maximum(1.0 - p @ p.T, 0.0)
    pos = t[:, None] == t[None, :]
    neg = ~pos
    if remove_diagonal:
        pos = pos & ~np.eye(len(t), dtype=bool)
    pos_w = np.maximum((margin + dist) * pos, 0.0)
    neg_w = np.maximum((1.0 + margin - dist) * neg, 0.0)
    pos_l = np.where(pos, -gamma * pos_w * (margin - dist), -np.inf)
    neg_l = np.where(neg, gamma * neg_w * (1.0 - margin - dist), -np.inf)
    s = _logsumexp_rows(pos_l) + _logsumexp_rows(neg_l)
    with np.errstate(over="ignore"):
        return np.where(s > 30, s, np.log1p(np.exp(np.minimum(s, 30))))


def ctc(labels, logits):
    """CTC negative log-likelihood by the forward algorithm; blank = 0 pads the labels."""
    labels = np.asarray(labels)
    logits = _f(logits)
    out = []
    for lab, z in zip(labels, logits):
        logp = z - np.max(z, -1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), -1, keepdims=True))
        seq = [int(v) for v in lab if v != 0]
        ext = [0]
        for v in seq:
            ext += [v, 0]
        alpha = np.full(len(ext), -np.inf)
        alpha[0] = logp[0, 0]
        if len(ext) > 1:
            alpha[1] = logp[0, ext[1]]
        for step in range(1, len(z)):
            new = np.full(len(ext), -np.inf)
            for s in range(len(ext)):
                terms = [alpha[s]]
                if s > 0:
                    terms.append(alpha[s - 1])
                if s > 1 and ext[s] != 0 and ext[s] != ext[s - 2]:
                    terms.append(alpha[s - 2])
                new[s] = np.logaddexp.reduce(terms) + logp[step, ext[s]]
            alpha = new
        out.append(-np.logaddexp.reduce(alpha[-2:] if len(ext) > 1 else alpha[-1:]))
    return np.asarray(out)
