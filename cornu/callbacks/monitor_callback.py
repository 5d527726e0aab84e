"""``MonitorCallback``: the shared base of callbacks that watch one metric improve."""

from __future__ import annotations

import operator
import warnings
from collections.abc import Callable
from typing import Any

from cornu.callbacks.callback import Callback, Logs

_MODES = ("auto", "min", "max")


class MonitorCallback(Callback):
    """Base class for callbacks that track whether a monitored quantity improves.

    Subclasses call ``_is_improvement(current, reference)``. The direction comes from
    ``mode``; with ``mode="auto"`` it is "down" for losses and, for metrics, the direction
    the metric declares (accuracy, AUC, precision... go up; errors go down).

    Args:
        monitor: Name of the quantity in the epoch logs, e.g. ``"val_loss"``.
        mode: ``"min"``, ``"max"`` or ``"auto"``. Unknown modes warn and fall back to
            ``"auto"``.
        baseline: Starting reference value (``None``: the first value always improves).
        min_delta: Smallest change that counts as an improvement (its sign is ignored).

    Example:

    >>> watcher = MonitorCallback(monitor="val_loss", mode="min", min_delta=0.1)
    >>> watcher._set_monitor_op()
    >>> watcher._is_improvement(0.85, 1.0), watcher._is_improvement(0.95, 1.0)
    (True, False)
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        baseline: float | None = None,
        min_delta: float = 0,
    ) -> None:
        super().__init__()
        if mode not in _MODES:
            warnings.warn(
                f"{type(self).__name__}: mode '{mode}' is unknown; expected one of "
                f"{list(_MODES)}. Falling back to 'auto'.",
                stacklevel=3,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op: Callable[[Any, Any], Any] | None = None

    def _set_monitor_op(self) -> None:
        """Chooses ``operator.lt`` or ``operator.gt`` and signs ``min_delta`` to match."""
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            self.monitor_op = self._auto_monitor_op()
        if self.monitor_op is operator.lt:
            self.min_delta = -abs(self.min_delta)
        else:
            self.min_delta = abs(self.min_delta)

    def _auto_monitor_op(self) -> Callable[[Any, Any], Any]:
        name = self.monitor.removeprefix("val_")
        direction = "down" if name == "loss" or name.endswith("_loss") else None
        for metric in getattr(self.model, "metrics", None) or []:
            if getattr(metric, "name", None) == name and hasattr(metric, "_direction"):
                direction = metric._direction
        if direction is None and (name in ("acc", "accuracy") or name.endswith("_acc")):
            direction = "up"  # Keras 2 spellings such as monitor="val_acc"
        if direction is None:
            raise ValueError(
                f"{type(self).__name__} received monitor='{self.monitor}', and cannot tell "
                "whether that quantity should go up or down (no compiled metric of that "
                "name declares a direction). Pass mode='max' to watch for the highest "
                "value, or mode='min' for the lowest."
            )
        return operator.gt if direction == "up" else operator.lt

    def _is_improvement(self, monitor_value: Any, reference_value: Any) -> bool:
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))

    def _get_monitor_value(self, logs: Logs, what: str) -> Any:
        """``logs[self.monitor]``, or ``None`` with a warning naming the logs available."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{type(self).__name__}: {what} is conditioned on `{self.monitor}`, which is "
                f"not in the logs. Available: {', '.join(logs) or 'none'}. Pass one of these "
                "as `monitor` (validation metrics need validation data).",
                stacklevel=3,
            )
        return value
