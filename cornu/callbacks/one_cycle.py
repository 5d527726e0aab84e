"""The one-cycle policy: warm the learning rate up to a peak, then anneal it far below.

Momentum moves the other way (high while the rate is low), as in Smith's "super-convergence"
papers, fastai's ``fit_one_cycle`` and torch's ``OneCycleLR``, whose step-by-step values this
schedule reproduces.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from cornu.callbacks._lr_utils import learning_rate_logs, optimizers_of
from cornu.callbacks.callback import Callback
from cornu.optimizers.schedules.learning_rate_schedule import FormulaSchedule, _PythonMath


def _anneal(start, end, fraction, xp, strategy: str):
    if strategy == "linear":
        return start + (end - start) * fraction
    return end + (start - end) * 0.5 * (xp.cos(math.pi * fraction) + 1.0)


def _check(total_steps: int, pct_start: float, anneal_strategy: str) -> None:
    if isinstance(total_steps, bool) or not isinstance(total_steps, int) or total_steps < 1:
        raise ValueError(
            f"one-cycle: `total_steps` must be a positive integer (the number of optimizer steps "
            f"of the whole cycle); received {total_steps!r}."
        )
    if not 0.0 < pct_start < 1.0:
        raise ValueError(
            "one-cycle: `pct_start` is the fraction of the steps spent warming up and must be "
            f"between 0 and 1 (e.g. 0.3); received {pct_start!r}."
        )
    if anneal_strategy not in ("cos", "linear"):
        raise ValueError(
            f"one-cycle: `anneal_strategy` must be 'cos' or 'linear'; received "
            f"{anneal_strategy!r}."
        )


class OneCycle(FormulaSchedule):
    """A one-cycle learning-rate schedule, usable as any optimizer's ``learning_rate``.

    The rate rises from ``max_lr / div_factor`` to ``max_lr`` over the first
    ``pct_start * total_steps - 1`` steps, then falls to
    ``max_lr / (div_factor * final_div_factor)`` at step ``total_steps - 1``.

    Args:
        max_lr: The peak learning rate.
        total_steps: Number of optimizer steps in the cycle (epochs x steps per epoch).
        pct_start: Fraction of the cycle spent increasing the rate.
        div_factor: The starting rate is ``max_lr / div_factor``.
        final_div_factor: The final rate is the starting rate divided by this.
        anneal_strategy: ``"cos"`` or ``"linear"`` interpolation.
        name: Name of the schedule.

    Example:

    >>> schedule = OneCycle(max_lr=1.0, total_steps=11, pct_start=0.5, div_factor=10.0,
    ...                     final_div_factor=10.0)
    >>> [round(float(schedule(step)), 4) for step in (0, 2, 4, 7, 10)]
    [0.1, 0.4719, 0.9729, 0.5754, 0.01]
    """

    def __init__(
        self,
        max_lr: float,
        total_steps: int,
        pct_start: float = 0.3,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        anneal_strategy: str = "cos",
        name: str = "OneCycle",
    ) -> None:
        _check(total_steps, pct_start, anneal_strategy)
        self.max_lr = max_lr
        self.total_steps = total_steps
        self.pct_start = pct_start
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.anneal_strategy = anneal_strategy
        self.name = name

    def _formula(self, step, xp):
        initial = self.max_lr / self.div_factor
        return _one_cycle(step, xp, self.total_steps, self.pct_start, self.anneal_strategy,
                          initial, self.max_lr, initial / self.final_div_factor)

    def get_config(self) -> dict:
        return {
            "max_lr": self.max_lr, "total_steps": self.total_steps,
            "pct_start": self.pct_start, "div_factor": self.div_factor,
            "final_div_factor": self.final_div_factor,
            "anneal_strategy": self.anneal_strategy, "name": self.name,
        }


def _one_cycle(step, xp, total_steps, pct_start, strategy, start, peak, end):
    """``start -> peak`` over the warm-up, then ``peak -> end``; ``step`` is 0-based."""
    warm_end = max(pct_start * total_steps - 1.0, 1e-12)
    up = _anneal(start, peak, xp.minimum(step / warm_end, 1.0), xp, strategy)
    down_fraction = xp.minimum((step - warm_end) / (total_steps - 1.0 - warm_end), 1.0)
    down = _anneal(peak, end, down_fraction, xp, strategy)
    return xp.where(step <= warm_end, up, down)


class OneCycleScheduler(Callback):
    """Drives the learning rate (and momentum) through one cycle, batch by batch.

    Before every training batch it sets the optimizer's learning rate to the
    ``OneCycle`` value for the step, and, with ``cycle_momentum``, its momentum
    (``beta_1`` for the Adam family, ``momentum`` for SGD and RMSprop) from
    ``max_momentum`` down to ``base_momentum`` and back. The rate in force is added to the
    epoch logs as ``learning_rate``.

    Args:
        max_lr: The peak learning rate.
        total_steps: Steps in the cycle; by default the ``epochs x steps`` of the ``fit``.
        pct_start: Fraction of the cycle spent increasing the rate.
        div_factor: The starting rate is ``max_lr / div_factor``.
        final_div_factor: The final rate is the starting rate divided by this.
        anneal_strategy: ``"cos"`` or ``"linear"``.
        cycle_momentum: Also cycle the momentum (ignored, with a warning, for optimizers
            without one).
        base_momentum: Momentum at the peak learning rate.
        max_momentum: Momentum at the start and the end of the cycle.

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer=cornu.optimizers.SGD(momentum=0.9), loss="mse")
    >>> history = model.fit(np.ones((8, 1)), np.ones((8, 1)), batch_size=2, epochs=3,
    ...                     callbacks=[OneCycleScheduler(max_lr=0.1)], verbose=0)
    >>> [f"{lr:.4f}" for lr in history.history["learning_rate"]]
    ['0.0994', '0.0463', '0.0000']
    """

    def __init__(
        self,
        max_lr: float,
        total_steps: int | None = None,
        pct_start: float = 0.3,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: float = 0.85,
        max_momentum: float = 0.95,
    ) -> None:
        super().__init__()
        if total_steps is not None:
            _check(total_steps, pct_start, anneal_strategy)
        self.max_lr = max_lr
        self.total_steps = total_steps
        self.pct_start = pct_start
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.anneal_strategy = anneal_strategy
        self.cycle_momentum = cycle_momentum
        self.base_momentum = base_momentum
        self.max_momentum = max_momentum
        self.schedule: OneCycle | None = None
        self.step = 0
        self._momentum_attributes: list[tuple[Any, str]] = []

    def _needs_batch_logs(self) -> bool:
        return False  # never reads them

    def on_train_begin(self, logs=None) -> None:
        total = self.total_steps
        if total is None:
            epochs, steps = (self.params or {}).get("epochs"), (self.params or {}).get("steps")
            if not epochs or not steps:
                raise ValueError(
                    "OneCycleScheduler: the number of steps per epoch is unknown (data of "
                    "unknown length); pass `total_steps=epochs * steps_per_epoch`."
                )
            total = int(epochs) * int(steps)
        self.schedule = OneCycle(self.max_lr, total, self.pct_start, self.div_factor,
                                 self.final_div_factor, self.anneal_strategy)
        self.step = 0
        self._momentum_attributes = self._find_momentum() if self.cycle_momentum else []

    def _find_momentum(self) -> list[tuple[Any, str]]:
        found = []
        for _, optimizer in optimizers_of(self.model, "OneCycleScheduler"):
            if hasattr(optimizer, "beta_1"):
                found.append((optimizer, "beta_1"))
            elif getattr(optimizer, "momentum", 0):
                found.append((optimizer, "momentum"))
            else:
                warnings.warn(
                    f"OneCycleScheduler: optimizer {type(optimizer).__name__} has no momentum "
                    "or beta_1 to cycle (SGD needs momentum > 0); only the learning rate "
                    "is cycled. Pass cycle_momentum=False to silence this.", stacklevel=3)
        return found

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        step = min(self.step, self.schedule.total_steps - 1)
        learning_rate = self.schedule._python_value(step)
        for _, optimizer in optimizers_of(self.model, "OneCycleScheduler"):
            optimizer.learning_rate = learning_rate
        if self._momentum_attributes:
            momentum = float(_one_cycle(
                float(step), _PythonMath, self.schedule.total_steps, self.pct_start,
                self.anneal_strategy, self.max_momentum, self.base_momentum,
                self.max_momentum))
            for optimizer, attribute in self._momentum_attributes:
                setattr(optimizer, attribute, momentum)
        self.step += 1

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if logs is not None:
            logs.update(learning_rate_logs(self.model, "OneCycleScheduler"))

