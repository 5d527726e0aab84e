"""``SwapEMAWeights``: evaluate (and optionally checkpoint) with the EMA weights."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Puts the optimizer's moving averages into the model for evaluation and prediction.

    Needs an optimizer created with ``use_ema=True``. Around every ``evaluate`` and
    ``predict`` (including the validation inside ``fit``) the model's trainable weights and
    their exponential moving averages are swapped, and swapped back afterwards, so that
    validation metrics are those of the averaged model while training goes on with the
    raw weights.

    Args:
        swap_on_epoch: Also swap at the end of each epoch and back at the start of the
            next, so that callbacks listed after this one (e.g. ``ModelCheckpoint``) see
            the averaged weights. On the last epoch the averages stay in the model.

    Example:

    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer=cornu.optimizers.SGD(0.1, use_ema=True), loss="mse")
    >>> x, y = np.ones((8, 2)), np.ones((8, 1))
    >>> history = model.fit(x, y, epochs=2, validation_data=(x, y),
    ...                     callbacks=[SwapEMAWeights()], verbose=0)
    >>> sorted(history.history)
    ['loss', 'val_loss']
    """

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self) -> list:
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        candidates = list(getattr(optimizer, "optimizers", None) or [optimizer])
        chosen = [opt for opt in candidates if getattr(opt, "use_ema", False)]
        if not chosen:
            raise ValueError(
                "SwapEMAWeights needs an optimizer with use_ema=True (e.g. "
                "cornu.optimizers.Adam(use_ema=True)); the model's optimizer "
                f"{type(optimizer).__name__} has use_ema=False."
            )
        return chosen

    def _pairs(self, optimizer: Any) -> list:
        averages = getattr(optimizer, "_model_variables_moving_average", None)
        if averages is None:  # not built yet: no step taken, nothing to swap
            return []
        return [
            (variable, average)
            for variable, average in zip(optimizer._trainable_variables, averages)
            if average is not None
        ]

    def _swap_variables(self) -> None:
        for optimizer in self._ema_optimizers():
            for variable, average in self._pairs(optimizer):
                raw = ops.copy(variable)  # stays on the device
                variable.assign(average)
                average.assign(raw)

    def _finalize_ema_values(self) -> None:
        for optimizer in self._ema_optimizers():
            for variable, average in self._pairs(optimizer):
                average.assign(variable)

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            # Last epoch: keep the averages in the model, and make them agree with it.
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None) -> None:
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None) -> None:
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None) -> None:
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None) -> None:
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
