"""The learning-rate finder: sweep the rate over a short run and suggest a good one.

As fastai's ``lr_find`` (after Smith, "Cyclical Learning Rates for Training Neural
Networks"): train for a few steps while the rate grows exponentially, record each batch's
loss, stop once the loss explodes, put the weights back, and pick a rate from the curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cornu.callbacks._lr_utils import get_learning_rate, optimizers_of
from cornu.callbacks.callback import Callback

_SUGGESTIONS = ("valley", "steepest", "minimum")


@dataclass
class LRFinderResult:
    """The curve of a learning-rate sweep, and the rates it suggests.

    Attributes:
        learning_rates: The rate used at each step.
        losses: Each step's batch loss.
        smoothed_losses: The losses after exponential smoothing (what suggestions use).
        suggestions: ``{"valley": lr, "steepest": lr, "minimum": lr}``.
        suggestion: The rate of the method asked for.
    """

    learning_rates: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    smoothed_losses: list = field(default_factory=list)
    suggestions: dict = field(default_factory=dict)
    suggestion: float | None = None

    def plot(self, ax: Any = None, skip_start: int = 0, skip_end: int = 0) -> Any:
        """Draws loss against learning rate (log scale) with matplotlib; returns the axes.

        Args:
            ax: Matplotlib axes to draw on (default: a new figure).
            skip_start: Steps left out at the start of the curve.
            skip_end: Steps left out at the end.
        """
        from cornu.utils.history_plot import _pyplot

        plt = _pyplot()
        if ax is None:
            _, ax = plt.subplots()
        end = len(self.learning_rates) - skip_end
        rates = self.learning_rates[skip_start:end]
        ax.plot(rates, self.smoothed_losses[skip_start:end], label="loss (smoothed)")
        ax.set_xscale("log")
        ax.set_xlabel("learning rate")
        ax.set_ylabel("loss")
        if self.suggestion is not None:
            ax.axvline(self.suggestion, color="red", linestyle="--",
                       label=f"suggestion: {self.suggestion:.2e}")
        ax.legend()
        return ax


class LRFinder(Callback):
    """A callback that sweeps the learning rate during ``fit`` (see ``find_learning_rate``).

    From ``start_lr`` the rate is multiplied by a constant factor at each batch to reach
    ``end_lr`` after ``num_steps`` batches. Each batch's loss is recorded; the sweep stops
    after ``num_steps`` batches, or as soon as the smoothed loss exceeds ``stop_factor``
    times its lowest value. With ``restore_weights`` the model's weights, the optimizer's
    state and its learning rate are put back when ``fit`` ends. The curve and suggestions
    are in ``result`` (an ``LRFinderResult``).

    Args:
        start_lr: The first learning rate.
        end_lr: The learning rate of step ``num_steps``.
        num_steps: Number of batches of the sweep.
        stop_factor: Stop once the smoothed loss is above ``stop_factor`` x its minimum
            (``None``: never stop early).
        smoothing: Factor of the exponential moving average of the loss (0: none).
        suggestion: Method for ``result.suggestion``: ``"valley"`` (middle of the longest
            stretch where the loss keeps falling), ``"steepest"`` (steepest descent of the
            loss) or ``"minimum"`` (a tenth of the rate at the lowest loss).
        restore_weights: Put the weights and the optimizer back at the end.

    Example:

    >>> finder = LRFinder(start_lr=1e-4, end_lr=1.0, num_steps=5)
    >>> [f"{finder.learning_rate_at(step):.0e}" for step in range(5)]
    ['1e-04', '1e-03', '1e-02', '1e-01', '1e+00']
    """

    def __init__(
        self,
        start_lr: float = 1e-7,
        end_lr: float = 10.0,
        num_steps: int = 100,
        stop_factor: float | None = 4.0,
        smoothing: float = 0.98,
        suggestion: str = "valley",
        restore_weights: bool = True,
    ) -> None:
        super().__init__()
        if not 0 < start_lr < end_lr:
            raise ValueError(
                "LRFinder: expected 0 < start_lr < end_lr; received "
                f"start_lr={start_lr!r}, end_lr={end_lr!r}."
            )
        if isinstance(num_steps, bool) or not isinstance(num_steps, int) or num_steps < 2:
            raise ValueError(f"LRFinder: `num_steps` must be an integer >= 2; received "
                             f"{num_steps!r}.")
        if suggestion not in _SUGGESTIONS:
            raise ValueError(f"LRFinder: `suggestion` must be one of {list(_SUGGESTIONS)}; "
                             f"received {suggestion!r}.")
        if not 0 <= smoothing < 1:
            raise ValueError(f"LRFinder: `smoothing` must be in [0, 1); received {smoothing!r}.")
        self.start_lr = start_lr
        self.end_lr = end_lr
        self.num_steps = num_steps
        self.stop_factor = stop_factor
        self.smoothing = smoothing
        self.suggestion = suggestion
        self.restore_weights = restore_weights
        self.result = LRFinderResult()
        self._saved: dict | None = None
        self._average = 0.0
        self._best = math.inf

    def learning_rate_at(self, step: int) -> float:
        """The rate of the sweep's ``step`` (0-based)."""
        fraction = step / (self.num_steps - 1)
        return self.start_lr * (self.end_lr / self.start_lr) ** fraction

    def _needs_batch_logs(self) -> bool:
        return False  # reads only the loss

    def on_train_begin(self, logs=None) -> None:
        self.result = LRFinderResult()
        self._average, self._best = 0.0, math.inf
        optimizers = [opt for _, opt in optimizers_of(self.model, "LRFinder")]
        for optimizer in optimizers:
            if not optimizer.built:
                optimizer.build(self.model.trainable_weights)
        if self.restore_weights:
            self._saved = {
                "model": self.model.get_weights(),
                "optimizers": [(opt, opt.get_weights(), _rate_of(opt)) for opt in optimizers],
            }

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        # The batch's own loss, not a running mean over the epoch.
        self.model.reset_metrics()
        rate = self.learning_rate_at(len(self.result.learning_rates))
        for _, optimizer in optimizers_of(self.model, "LRFinder"):
            _set_rate(optimizer, rate)
        self.result.learning_rates.append(rate)

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        loss = None if logs is None else logs.get("loss")
        loss = math.nan if loss is None else float(loss)
        step = len(self.result.losses)
        self.result.losses.append(loss)
        self._average = self.smoothing * self._average + (1 - self.smoothing) * loss
        smoothed = self._average / (1 - self.smoothing ** (step + 1))
        self.result.smoothed_losses.append(smoothed)
        if math.isfinite(smoothed):
            self._best = min(self._best, smoothed)
        diverged = not math.isfinite(smoothed) or (
            self.stop_factor is not None and step > 0 and smoothed > self.stop_factor * self._best)
        if diverged or step + 1 >= self.num_steps:
            self.model.stop_training = True

    def on_train_end(self, logs=None) -> None:
        if self._saved is not None:
            self.model.set_weights(self._saved["model"])
            for optimizer, weights, rate in self._saved["optimizers"]:
                optimizer.set_weights(weights)
                _set_rate(optimizer, rate)
            self.model.reset_metrics()
            self._saved = None
        self.result.suggestions = suggest(self.result.learning_rates,
                                          self.result.smoothed_losses)
        self.result.suggestion = self.result.suggestions.get(self.suggestion)


def _rate_of(optimizer: Any) -> Any:
    """What to put back: the schedule object, or the float rate."""
    rate = getattr(optimizer, "_learning_rate", None)
    if rate is not None and rate is not getattr(optimizer, "_lr_variable", None):
        return rate
    return get_learning_rate(optimizer, "LRFinder")


def _set_rate(optimizer: Any, rate: Any) -> None:
    if callable(rate) or not _uses_schedule(optimizer):
        optimizer.learning_rate = rate
    else:  # an optimizer built with a schedule takes a constant as a callable
        optimizer.learning_rate = lambda value=float(rate): value


def _uses_schedule(optimizer: Any) -> bool:
    rate = getattr(optimizer, "_learning_rate", None)
    return rate is not None and rate is not getattr(optimizer, "_lr_variable", None)


def suggest(learning_rates: list, losses: list) -> dict:
    """Rates suggested by a loss-versus-rate curve.

    Args:
        learning_rates: The rate of each step (increasing).
        losses: The (smoothed) loss of each step.

    Returns:
        A dict with ``"valley"``, ``"steepest"`` and ``"minimum"`` rates; empty when
        fewer than 3 finite points were recorded.

    Example:

    >>> rates = [10.0 ** e for e in range(-6, 1)]
    >>> suggest(rates, [1.0, 0.99, 0.9, 0.5, 0.3, 0.29, 5.0])["steepest"]
    0.001
    """
    rates = np.asarray(learning_rates, dtype=np.float64)
    values = np.asarray(losses, dtype=np.float64)
    keep = np.isfinite(values)
    rates, values = rates[keep], values[keep]
    # The first tenth (a moving average still warming up) and the last points (the
    # explosion) say nothing about good rates.
    start, end = len(values) // 10, len(values) - min(5, len(values) // 10)
    if end - start >= 3:
        rates, values = rates[start:end], values[start:end]
    if len(values) < 3:
        return {}
    slopes = np.gradient(values, np.log10(rates))
    lowest = int(np.argmin(values))
    return {
        "valley": float(rates[_valley_index(values)]),
        "steepest": float(rates[int(np.argmin(slopes[:max(lowest, 1)]))]),
        "minimum": float(rates[lowest] / 10.0),
    }


def _valley_index(values: np.ndarray) -> int:
    """Middle of the longest run of steps (not necessarily adjacent) with falling loss."""
    n = len(values)
    run = np.ones(n, dtype=np.int64)  # longest strictly falling chain ending at each step
    for i in range(1, n):
        earlier = run[:i][values[:i] > values[i]]
        if earlier.size:
            run[i] = earlier.max() + 1
    end = int(np.argmax(run))
    start = end - int(run[end]) + 1
    return start + (end - start) // 2


def find_learning_rate(
    model: Any,
    x: Any = None,
    y: Any = None,
    batch_size: int | None = None,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_steps: int = 100,
    stop_factor: float | None = 4.0,
    smoothing: float = 0.98,
    suggestion: str = "valley",
    verbose: int = 0,
    **fit_kwargs: Any,
) -> LRFinderResult:
    """Sweeps the learning rate on ``model`` and returns the curve with a suggestion.

    Trains for up to ``num_steps`` batches (as many epochs as that takes) while the rate
    grows exponentially from ``start_lr`` to ``end_lr``, then restores the weights, the
    optimizer's state and its learning rate. Also available as
    ``model.find_learning_rate(x, y, ...)``.

    Args:
        model: A compiled model.
        x, y, batch_size: The training data, as for ``fit``.
        start_lr, end_lr, num_steps, stop_factor, smoothing, suggestion: See ``LRFinder``.
        verbose: Verbosity of the underlying ``fit``.
        **fit_kwargs: Other ``fit`` arguments (``sample_weight``, ``shuffle``, ...).

    Returns:
        An ``LRFinderResult``: ``learning_rates``, ``losses``, ``smoothed_losses``,
        ``suggestions`` and ``suggestion``; ``result.plot()`` draws the curve.

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> cornu.utils.set_random_seed(0)
    >>> x = np.random.rand(256, 3).astype("float32")
    >>> y = x @ np.array([[2.0], [-1.0], [0.5]], dtype="float32")
    >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> before = model.get_weights()
    >>> result = model.find_learning_rate(x, y, batch_size=16, num_steps=40)
    >>> 1e-7 < result.suggestion < 10.0
    True
    >>> all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    True
    """
    if not getattr(model, "compiled", False):
        raise RuntimeError(
            "find_learning_rate: compile the model first, e.g. "
            "`model.compile(optimizer='sgd', loss='mse')`."
        )
    finder = LRFinder(start_lr, end_lr, num_steps, stop_factor, smoothing, suggestion)
    history = model.history
    callbacks = list(fit_kwargs.pop("callbacks", None) or []) + [finder]
    steps = fit_kwargs.get("steps_per_epoch")
    if steps is None:
        sizes = [leaf.shape[0] for leaf in _leaves(x)]
        steps = math.ceil(sizes[0] / (batch_size or 32)) if sizes else None
    epochs = math.ceil(num_steps / steps) if steps else num_steps
    try:
        model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=verbose,
                  callbacks=callbacks, **fit_kwargs)
    finally:
        model.history = history
    return finder.result


def _leaves(x: Any) -> list:
    if isinstance(x, dict):
        x = list(x.values())
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _leaves(item)]
    shape = getattr(x, "shape", None)
    return [x] if shape is not None and len(shape) > 0 else []  # in-memory arrays only
