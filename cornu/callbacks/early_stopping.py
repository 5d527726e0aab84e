"""``EarlyStopping``: stop training once a monitored quantity stops improving."""

from __future__ import annotations

from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.utils.progbar import _write


class EarlyStopping(MonitorCallback):
    """Stops ``fit`` when the monitored quantity has not improved for ``patience`` epochs.

    At the end of each epoch the callback counts the epochs since the last improvement;
    when the count reaches ``patience`` it sets ``model.stop_training = True`` and ``fit``
    ends after that epoch. The first epoch never stops training.

    Args:
        monitor: Quantity to watch, e.g. ``"val_loss"`` or ``"val_accuracy"``.
        min_delta: Smallest change that counts as an improvement.
        patience: Number of epochs without improvement after which training stops.
        verbose: ``1`` prints a line when training stops or weights are restored.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (from the metric's direction).
        baseline: A value to reach: until the monitored quantity beats it, epochs count
            as not improving.
        restore_best_weights: At the end of training, put back the weights of the best
            epoch (when no epoch was seen, the last weights stay).
        start_from_epoch: Number of first epochs (warm-up) during which nothing is
            watched.

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> stopper = EarlyStopping(monitor="loss", patience=2)
    >>> history = model.fit(np.zeros((8, 1)), np.zeros((8, 1)), epochs=20,
    ...                     callbacks=[stopper], verbose=0)
    >>> len(history.history["loss"])  # the loss is 0 from the start: 2 epochs of patience
    3
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights: list | None = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self._get_monitor_value(logs, "early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Something to restore even if no epoch ever beats the baseline.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            _write(f"Epoch {self.stopped_epoch + 1}: early stopping\n")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                _write(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}.\n"
                )
            self.model.set_weights(self.best_weights)
