"""``History``: the per-epoch record that ``fit`` returns."""

from __future__ import annotations

from cornu.callbacks.callback import Callback, Logs


class History(Callback):
    """Records the epoch-level logs of ``fit``.

    ``fit`` adds one to its callbacks and returns it; ``model.history`` points to it after
    each epoch.

    Attributes:
        history: Dict mapping each log name (``loss``, ``val_loss``, metrics) to the list
            of its values, one per epoch.
        epoch: List of the indices of the epochs recorded by the last ``fit``.

    Example:

    >>> history = History()
    >>> history.on_train_begin()
    >>> history.on_epoch_end(0, {"loss": 0.9, "val_loss": 1.1})
    >>> history.on_epoch_end(1, {"loss": 0.4, "val_loss": 0.7})
    >>> history.history
    {'loss': [0.9, 0.4], 'val_loss': [1.1, 0.7]}
    >>> history.epoch
    [0, 1]
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: Logs = None) -> None:
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        # Set after every epoch, so that the model always points at the latest record.
        if self.model is not None:
            self.model.history = self
