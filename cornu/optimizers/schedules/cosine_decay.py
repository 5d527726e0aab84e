"""Cosine learning-rate schedules: one decay with an optional linear warmup, and warm
restarts (SGDR)."""

from __future__ import annotations

import math

from cornu.optimizers.schedules.learning_rate_schedule import (
    FormulaSchedule,
    _check_decay_steps,
)


class CosineDecay(FormulaSchedule):
    """Cosine decay of the learning rate, optionally after a linear warmup.

    Without warmup, ``lr(step) = initial * ((1 - alpha) * c + alpha)`` with
    ``c = 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps))``. With
    ``warmup_target``, the rate first rises linearly from ``initial_learning_rate`` to
    ``warmup_target`` over ``warmup_steps`` steps, then decays from ``warmup_target``.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: number of steps of the cosine decay.
        alpha: the final learning rate as a fraction of the decay's starting rate.
        name: name of the schedule.
        warmup_target: the learning rate reached at the end of the warmup; None means no
            warmup.
        warmup_steps: number of warmup steps.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.CosineDecay(1.0, decay_steps=10)
        >>> [round(float(s(k)), 6) for k in (0, 5, 10)]
        [1.0, 0.5, 0.0]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: int = 0,
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps)
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step, decay_from, xp):
        cosine = 0.5 * (1.0 + xp.cos(math.pi * (step / float(self.decay_steps))))
        return decay_from * ((1.0 - self.alpha) * cosine + self.alpha)

    def _formula(self, step, xp):
        decay_steps = float(self.decay_steps)
        if self.warmup_target is None:
            return self._decay(xp.minimum(step, decay_steps), self.initial_learning_rate, xp)
        warmup_steps = float(self.warmup_steps)
        step = xp.minimum(step, decay_steps + warmup_steps)
        decayed = self._decay(step - warmup_steps, self.warmup_target, xp)
        if warmup_steps == 0:
            return decayed
        start = self.initial_learning_rate
        warm = (self.warmup_target - start) * (step / warmup_steps) + start
        return xp.where(step < warmup_steps, warm, decayed)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(FormulaSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017).

    The first period lasts ``first_decay_steps`` steps; each restart lasts ``t_mul`` times
    longer than the previous one and starts at ``m_mul`` times its peak learning rate.

    Args:
        initial_learning_rate: the learning rate at step 0.
        first_decay_steps: length of the first period, in steps.
        t_mul: growth factor of the period length.
        m_mul: factor applied to the peak rate at each restart.
        alpha: the minimum learning rate as a fraction of ``initial_learning_rate``.
        name: name of the schedule.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.CosineDecayRestarts(1.0, first_decay_steps=10, t_mul=1.0)
        >>> [round(float(s(k)), 6) for k in (5, 10, 15)]
        [0.5, 1.0, 0.5]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: int,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = _check_decay_steps(first_decay_steps, "first_decay_steps")
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def _formula(self, step, xp):
        fraction = step / float(self.first_decay_steps)
        t_mul = float(self.t_mul)
        if t_mul == 1.0:
            restart = xp.floor(fraction)
            fraction = fraction - restart
        else:
            restart = xp.floor(xp.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul))
            # log() may round an exact restart step into the previous period: check the
            # period boundaries themselves (sums of the geometric series).
            upper = (1.0 - xp.power(t_mul, restart + 1.0)) / (1.0 - t_mul)
            restart = xp.where(fraction >= upper, restart + 1.0, restart)
            elapsed = (1.0 - xp.power(t_mul, restart)) / (1.0 - t_mul)
            restart = xp.where(fraction < elapsed, restart - 1.0, restart)
            elapsed = (1.0 - xp.power(t_mul, restart)) / (1.0 - t_mul)
            fraction = (fraction - elapsed) / xp.power(t_mul, restart)
        peak = xp.power(self.m_mul, restart)
        cosine = 0.5 * peak * (1.0 + xp.cos(math.pi * fraction))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
