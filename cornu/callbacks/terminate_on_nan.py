"""``TerminateOnNaN``: stop training when the loss becomes NaN or infinite."""

from __future__ import annotations

import math

from cornu.callbacks.callback import Callback
from cornu.utils.progbar import _write


class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's loss is NaN or infinite.

    Checking reads the loss back from the device after every batch.

    Args:
        raise_error: Raise a ``RuntimeError`` at once instead of setting
            ``model.stop_training`` (which ends ``fit`` after the current batch).

    Example:

    >>> class FakeModel:
    ...     stop_training = False
    >>> callback = TerminateOnNaN()
    >>> callback.set_model(FakeModel())
    >>> callback.on_train_batch_end(3, {"loss": float("nan")})
    Batch 3: Invalid loss, terminating training
    >>> callback.model.stop_training
    True
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def _needs_batch_logs(self) -> bool:
        return False  # reads only the loss: the other metrics can stay lazy

    def on_batch_end(self, batch: int, logs=None) -> None:
        loss = None if logs is None else logs.get("loss")
        if loss is None:
            return
        loss = float(loss)
        if math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"TerminateOnNaN: the loss is {loss} after batch {batch}; training stopped. "
                "Lower the learning rate, clip gradients (clipnorm=...) or check the data "
                "for NaN/Inf values."
            )
        _write(f"Batch {batch}: Invalid loss, terminating training\n")
        self.model.stop_training = True
