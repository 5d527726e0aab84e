"""``ReduceLROnPlateau``: divide the learning rate when a metric stops improving."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu.callbacks._lr_utils import get_learning_rate, learning_rate_logs, optimizers_of
from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.utils.legacy import legacy_kwargs
from cornu.utils.progbar import _write


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by ``factor`` after ``patience`` epochs without progress.

    At the end of each epoch the callback also adds the current ``learning_rate`` to the
    epoch logs, so that ``History`` and ``CSVLogger`` record it.

    Args:
        monitor: Quantity to watch, e.g. ``"val_loss"``.
        factor: Multiplier applied to the learning rate, below 1.
        patience: Number of epochs without improvement before the rate is reduced.
        verbose: ``1`` prints a line at each reduction.
        mode: ``"min"``, ``"max"`` or ``"auto"``.
        min_delta: Smallest change that counts as an improvement.
        cooldown: Number of epochs after a reduction during which nothing is counted.
        min_lr: The learning rate never goes below this.
        **kwargs: ``epsilon`` (the Keras 2 name of ``min_delta``).

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer=cornu.optimizers.SGD(0.1), loss="mse")
    >>> reduce = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
    >>> history = model.fit(np.zeros((8, 1)), np.zeros((8, 1)), epochs=4,
    ...                     callbacks=[reduce], verbose=0)
    >>> [round(lr, 4) for lr in history.history["learning_rate"]]  # the rate each epoch used
    [0.1, 0.1, 0.05, 0.025]
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs: Any,
    ) -> None:
        if "epsilon" in kwargs:
            kwargs = legacy_kwargs("ReduceLROnPlateau", kwargs, {"epsilon": "min_delta"})
            min_delta = kwargs.pop("min_delta")
        if kwargs:
            raise TypeError(f"ReduceLROnPlateau: unexpected keyword argument(s) {sorted(kwargs)}.")
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau: `factor` multiplies the learning rate and must be below "
                f"1.0 (e.g. 0.1 or 0.5). Received factor={factor}."
            )
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def in_cooldown(self) -> bool:
        """Whether the callback is still waiting after its last reduction."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = {} if logs is None else logs
        logs.update(learning_rate_logs(self.model, "ReduceLROnPlateau"))
        current = self._get_monitor_value(logs, "learning-rate reduction")
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        reduced = False
        for suffix, optimizer in optimizers_of(self.model, "ReduceLROnPlateau"):
            reduced = self._reduce(optimizer, epoch, suffix[1:]) or reduced
        if reduced:
            self.cooldown_counter = self.cooldown
            self.wait = 0

    def _reduce(self, optimizer: Any, epoch: int, name: str) -> bool:
        old_lr = get_learning_rate(optimizer, "ReduceLROnPlateau")
        # Compared in float32, the precision the rate is stored in.
        if old_lr <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            which = f" {name}" if name else ""
            _write(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{which} learning rate to "
                f"{new_lr}.\n"
            )
        return True
