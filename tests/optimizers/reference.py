"""NumPy reference math for the optimizers and schedules (float64), written from the papers'
and Keras 3's documented update rules, independent of cornu's code.

``ReferenceOptimizer(rule, params, **options)`` reproduces a whole optimizer step: loss-scale,
gradient accumulation, clipping, weight decay, the update rule, moving averages.
"""

from __future__ import annotations

import math

import numpy as np


# --- update rules: rule(state, g, w, lr, t, hp) -> new w; state is a per-variable dict ------
def sgd(s, g, w, lr, t, hp):
    mom = hp.get("momentum", 0.0)
    if mom == 0:
        return w - lr * g
    m = s.get("m", np.zeros_like(w))
    m = mom * m - lr * g
    s["m"] = m
    if hp.get("nesterov", False):
        return w + mom * m - lr * g
    return w + m


def adam(s, g, w, lr, t, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = b1 * s.get("m", 0.0) + (1 - b1) * g
    v = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    s["m"], s["v"] = m, v
    if hp.get("amsgrad", False):
        v = np.maximum(s.get("vhat", 0.0), v)
        s["vhat"] = v
    alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
    return w - alpha * m / (np.sqrt(v) + eps)


def rmsprop(s, g, w, lr, t, hp):
    rho, mom = hp.get("rho", 0.9), hp.get("momentum", 0.0)
    eps = hp.get("epsilon", 1e-7)
    v = rho * s.get("v", 0.0) + (1 - rho) * g * g
    s["v"] = v
    if hp.get("centered", False):
        a = rho * s.get("a", 0.0) + (1 - rho) * g
        s["a"] = a
        denom = v - a * a + eps
    else:
        denom = v + eps
    inc = lr * g / np.sqrt(denom)
    if mom > 0:
        s["mom"] = mom * s.get("mom", 0.0) + inc
        return w - s["mom"]
    return w - inc


def adagrad(s, g, w, lr, t, hp):
    acc = s.get("acc", hp.get("initial_accumulator_value", 0.1)) + g * g
    s["acc"] = acc
    return w - lr * g / np.sqrt(acc + hp.get("epsilon", 1e-7))


def adadelta(s, g, w, lr, t, hp):
    rho, eps = hp.get("rho", 0.95), hp.get("epsilon", 1e-7)
    eg = rho * s.get("eg", 0.0) + (1 - rho) * g * g
    ed = s.get("ed", 0.0)
    delta = -np.sqrt(ed + eps) / np.sqrt(eg + eps) * g
    s["eg"], s["ed"] = eg, rho * ed + (1 - rho) * delta * delta
    return w + lr * delta


def adamax(s, g, w, lr, t, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = b1 * s.get("m", 0.0) + (1 - b1) * g
    u = np.maximum(b2 * s.get("u", 0.0), np.abs(g))
    s["m"], s["u"] = m, u
    return w - lr / (1 - b1**t) * m / (u + eps)


def nadam(s, g, w, lr, t, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)

    def mu(k):
        return b1 * (1 - 0.5 * 0.96**k)

    product = np.prod([mu(k) for k in range(1, t + 1)])
    m = b1 * s.get("m", 0.0) + (1 - b1) * g
    v = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    s["m"], s["v"] = m, v
    m_hat = mu(t + 1) * m / (1 - product * mu(t + 1)) + (1 - mu(t)) * g / (1 - product)
    v_hat = v / (1 - b2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps)


def lion(s, g, w, lr, t, hp):
    b1, b2 = hp.get("beta_1", 0.9), hp.get("beta_2", 0.99)
    m = s.get("m", np.zeros_like(w))
    w = w - lr * np.sign(b1 * m + (1 - b1) * g)
    s["m"] = b2 * m + (1 - b2) * g
    return w


def lamb(s, g, w, lr, t, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = b1 * s.get("m", 0.0) + (1 - b1) * g
    v = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    s["m"], s["v"] = m, v
    update = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    w_norm, u_norm = np.linalg.norm(w), np.linalg.norm(update)
    ratio = w_norm / u_norm if w_norm > 0 and u_norm > 0 else 1.0
    return w - lr * ratio * update


def ftrl(s, g, w, lr, t, hp):
    p = -hp.get("learning_rate_power", -0.5)
    l1 = hp.get("l1_regularization_strength", 0.0)
    l2 = hp.get("l2_regularization_strength", 0.0) + hp.get("beta", 0.0) / (2 * lr)
    shrink = hp.get("l2_shrinkage_regularization_strength", 0.0)
    n = s.get("n", np.full_like(w, hp.get("initial_accumulator_value", 0.1)))
    z = s.get("z", np.zeros_like(w))
    n_new = n + g * g
    z = z + g + 2 * shrink * w - (n_new**p - n**p) / lr * w
    s["n"], s["z"] = n_new, z
    return (np.clip(z, -l1, l1) - z) / (n_new**p / lr + 2 * l2)


def adafactor(s, g, w, lr, t, hp):
    decay, eps1 = hp.get("beta_2_decay", -0.8), hp.get("epsilon_1", 1e-30)
    eps2, clip = hp.get("epsilon_2", 1e-3), hp.get("clip_threshold", 1.0)
    if hp.get("relative_step", True) and not hp.get("_scheduled", False):
        lr = min(lr, 1 / math.sqrt(t))
    rho = min(lr, 1 / math.sqrt(t))
    alpha = max(eps2, np.sqrt(np.mean(w * w))) * rho
    g2 = g * g + eps1
    beta = 1 - t**decay
    if w.ndim >= 2:
        r = beta * s.get("r", 0.0) + (1 - beta) * g2.mean(axis=-1)
        c = beta * s.get("c", 0.0) + (1 - beta) * g2.mean(axis=-2)
        s["r"], s["c"] = r, c
        v = (r / r.mean(axis=-1, keepdims=True))[..., None] * c[..., None, :]
    else:
        v = beta * s.get("v", 0.0) + (1 - beta) * g2
        s["v"] = v
    u = g / np.sqrt(v)
    u = u / max(1.0, np.sqrt(np.mean(u * u)) / clip)
    return w - alpha * u


RULES = {
    "SGD": sgd, "Adam": adam, "AdamW": adam, "RMSprop": rmsprop, "Adagrad": adagrad,
    "Adadelta": adadelta, "Adamax": adamax, "Nadam": nadam, "Lion": lion, "Lamb": lamb,
    "Ftrl": ftrl, "Adafactor": adafactor,
}
DEFAULT_LR = {"SGD": 0.01}
DEFAULT_WEIGHT_DECAY = {"AdamW": 0.004}


class ReferenceOptimizer:
    """A float64 optimizer over NumPy arrays with the Keras 3 step pipeline."""

    def __init__(self, name, params, learning_rate=None, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, decay=0.0, exclude=(), **hyper):
        self.rule = RULES[name]
        self.params = [np.array(p, dtype=np.float64) for p in params]
        self.lr = DEFAULT_LR.get(name, 0.001) if learning_rate is None else learning_rate
        self.wd = DEFAULT_WEIGHT_DECAY.get(name) if weight_decay is None else weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_frequency = ema_overwrite_frequency
        self.scale, self.accum, self.decay = loss_scale_factor, gradient_accumulation_steps, decay
        self.exclude = set(exclude)
        self.hyper = dict(hyper, _scheduled=callable(self.lr))
        self.states = [{} for _ in params]
        self.acc = [np.zeros_like(p) for p in self.params]
        self.averages = [np.zeros_like(p) for p in self.params]
        self.calls = 0

    def learning_rate(self):
        lr = self.lr(self.calls) if callable(self.lr) else self.lr
        return lr / (1 + self.decay * self.calls)

    def clip(self, grads):
        if self.clipnorm:
            return [g * self.clipnorm / max(np.linalg.norm(g), self.clipnorm) for g in grads]
        if self.global_clipnorm:
            norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
            return [g * min(1.0, self.global_clipnorm / norm) for g in grads]
        if self.clipvalue:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def apply(self, grads):
        grads = [np.asarray(g, dtype=np.float64) for g in grads]
        if self.scale:
            grads = [g / self.scale for g in grads]
        lr = self.learning_rate()
        n = self.accum or 1
        if self.accum:
            self.acc = [a + g for a, g in zip(self.acc, grads)]
        if (self.calls + 1) % n == 0:
            grads = [a / n for a in self.acc] if self.accum else grads
            self.acc = [np.zeros_like(a) for a in self.acc]
            grads = self.clip(grads)
            t = self.calls // n + 1
            for i, (g, w) in enumerate(zip(grads, self.params)):
                if self.wd is not None and i not in self.exclude:
                    w = w * (1 - self.wd * lr)
                self.params[i] = self.rule(self.states[i], g, w, lr, t, self.hyper)
        if self.use_ema:
            count = self.calls // n
            mom = self.ema_momentum if count else 0.0
            self.averages = [mom * a + (1 - mom) * w for a, w in zip(self.averages, self.params)]
            if self.ema_frequency and (count + 1) % self.ema_frequency == 0:
                self.params = [a.copy() for a in self.averages]
        self.calls += 1


# --- schedules -------------------------------------------------------------------------
def exponential_decay(step, lr0, decay_steps, rate, staircase=False):
    p = step / decay_steps
    return lr0 * rate ** (math.floor(p) if staircase else p)


def piecewise_constant(step, boundaries, values):
    for b, v in zip(boundaries, values):
        if step <= b:
            return v
    return values[-1]


def polynomial_decay(step, lr0, decay_steps, end=0.0001, power=1.0, cycle=False):
    if cycle:
        decay_steps = decay_steps * max(1, math.ceil(step / decay_steps))
    else:
        step = min(step, decay_steps)
    return (lr0 - end) * (1 - step / decay_steps) ** power + end


def inverse_time_decay(step, lr0, decay_steps, rate, staircase=False):
    p = step / decay_steps
    return lr0 / (1 + rate * (math.floor(p) if staircase else p))


def cosine_decay(step, lr0, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    def decayed(s, start):
        s = min(s, decay_steps)
        return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / decay_steps)) + alpha)

    if warmup_target is None:
        return decayed(step, lr0)
    if step < warmup_steps:
        return lr0 + (warmup_target - lr0) * step / warmup_steps
    return decayed(step - warmup_steps, warmup_target)


def cosine_decay_restarts(step, lr0, first, t_mul=2.0, m_mul=1.0, alpha=0.0):
    period, start, peak = first, 0, 1.0
    while step >= start + period:
        start += period
        period *= t_mul
        peak *= m_mul
    fraction = (step - start) / period
    return lr0 * ((1 - alpha) * 0.5 * peak * (1 + math.cos(math.pi * fraction)) + alpha)
