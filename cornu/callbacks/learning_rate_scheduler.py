"""``LearningRateScheduler``: set the learning rate from a function of the epoch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cornu.callbacks._lr_utils import get_learning_rate, learning_rate_logs, optimizers_of
from cornu.callbacks.callback import Callback
from cornu.utils.progbar import _write


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at the start of every epoch.

    ``schedule(epoch, lr)`` receives the epoch index (0-based) and the current learning
    rate and returns the new one, a float; a function taking only ``epoch`` works too. The
    rate in force is added to the epoch logs as ``learning_rate``.

    Args:
        schedule: The function ``(epoch, lr) -> new lr`` (or ``epoch -> new lr``).
        verbose: ``1`` prints the rate set at each epoch.

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer=cornu.optimizers.SGD(0.1), loss="mse")
    >>> halve_after_2 = LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr / 2)
    >>> history = model.fit(np.zeros((4, 1)), np.zeros((4, 1)), epochs=4,
    ...                     callbacks=[halve_after_2], verbose=0)
    >>> [round(lr, 4) for lr in history.history["learning_rate"]]
    [0.1, 0.1, 0.05, 0.025]
    """

    def __init__(self, schedule: Callable, verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler: `schedule` must be a function (epoch, lr) -> lr; "
                f"received {type(schedule).__name__} {schedule!r}."
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        for suffix, optimizer in optimizers_of(self.model, "LearningRateScheduler"):
            learning_rate = self._new_rate(optimizer, epoch)
            optimizer.learning_rate = learning_rate
            if self.verbose > 0:
                which = f" {suffix[1:]}" if suffix else ""
                _write(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting{which} learning rate "
                    f"to {learning_rate}.\n"
                )

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if logs is not None:
            logs.update(learning_rate_logs(self.model, "LearningRateScheduler"))

    def _new_rate(self, optimizer, epoch: int) -> float:
        current = get_learning_rate(optimizer, "LearningRateScheduler")
        try:
            learning_rate = self.schedule(epoch, current)
        except TypeError:  # a schedule of the epoch alone (Keras 1/2 style)
            learning_rate = self.schedule(epoch)
        if isinstance(learning_rate, np.ndarray) and learning_rate.ndim == 0:
            learning_rate = learning_rate.item()
        if isinstance(learning_rate, bool) or not isinstance(
            learning_rate, (float, int, np.floating, np.integer)
        ):
            raise ValueError(
                "LearningRateScheduler: `schedule` must return a float learning rate; it "
                f"returned {type(learning_rate).__name__} {learning_rate!r} for epoch {epoch}."
            )
        return float(learning_rate)
