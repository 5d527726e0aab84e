"""``ProgbarLogger``: the ``Epoch 1/20`` lines and progress bars of ``fit``."""

from __future__ import annotations

from cornu.callbacks.callback import Callback, Logs
from cornu.utils.progbar import Progbar, _write


class ProgbarLogger(Callback):
    """Prints progress and metrics to standard output.

    ``fit``, ``evaluate`` and ``predict`` add one when ``verbose`` is not 0. With
    ``verbose=1`` a bar is redrawn as batches finish (or, when output is not a terminal,
    printed once per epoch); with ``verbose=2`` one line is printed per epoch. Validation
    inside ``fit`` is silent: its results appear on the epoch's line as ``val_*``.

    Batch logs are read only when a line is printed, so a lazy mapping stays lazy on the
    steps in between.

    Example:

    >>> logger = ProgbarLogger()
    >>> logger.set_params({"verbose": 2, "epochs": 2, "steps": 4})
    >>> logger.on_train_begin()
    >>> logger.on_epoch_begin(0)
    Epoch 1/2
    >>> for batch in range(4):
    ...     logger.on_train_batch_end(batch, {"loss": 0.5})
    >>> logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})  # doctest: +ELLIPSIS
    4/4 - 0s - ...s/step - loss: 0.5000 - val_loss: 0.7500
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.progbar: Progbar | None = None
        self.target: int | None = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        verbose = params.get("verbose", 1)
        if verbose == "auto":
            verbose = 1
        if verbose not in (0, 1, 2):
            raise ValueError(
                f"ProgbarLogger: params['verbose'] must be 'auto', 0, 1 or 2; received {verbose!r}."
            )
        self.verbose = int(verbose)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _needs_batch_logs(self) -> bool:
        return False  # reads them only when it redraws the bar

    def _needs_batch_hooks(self, mode: str) -> bool:
        if mode == "test" and self._called_in_fit:
            return False  # validation inside fit is silent
        # Batches are counted even when nothing is drawn: an unknown total becomes known.
        return self.verbose == 1 or self.target is None

    def on_train_begin(self, logs: Logs = None) -> None:
        self._called_in_fit = True

    def on_train_end(self, logs: Logs = None) -> None:
        self._called_in_fit = False  # the same logger may serve a later evaluate()

    def on_test_begin(self, logs: Logs = None) -> None:
        if not self._called_in_fit:
            self._reset_progbar()

    def on_predict_begin(self, logs: Logs = None) -> None:
        self._reset_progbar()

    def on_epoch_begin(self, epoch: int, logs: Logs = None) -> None:
        self._reset_progbar()
        if self.verbose and self.epochs > 1:
            _write(f"Epoch {epoch + 1}/{self.epochs}\n")

    def on_train_batch_end(self, batch: int, logs: Logs = None) -> None:
        self._update_progbar(batch, logs)

    def on_test_batch_end(self, batch: int, logs: Logs = None) -> None:
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_predict_batch_end(self, batch: int, logs: Logs = None) -> None:
        self._update_progbar(batch, None)  # the outputs are not metrics

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        self._finalize_progbar(logs)

    def on_test_end(self, logs: Logs = None) -> None:
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_end(self, logs: Logs = None) -> None:
        self._finalize_progbar(logs)

    def _reset_progbar(self) -> None:
        self.seen = 0
        # Values are already running means: show them as given (nothing is averaged).
        self.progbar = Progbar(
            target=self.target, verbose=self.verbose, unit_name="step", stateless_metrics=()
        )

    def _update_progbar(self, batch: int, logs: Logs) -> None:
        if self.progbar is None:
            self._reset_progbar()
        self.seen = batch + 1  # a count of batches done
        if self.verbose == 1:
            # New names join in sorted order, as in the epoch logs: one order on the line.
            self.progbar._update(self.seen, logs, logs, finalize=False, sort_new_keys=True)

    def _finalize_progbar(self, logs: Logs) -> None:
        if self.progbar is None:
            self._reset_progbar()
        if self.target is None:
            # Now known; later epochs show a full bar with this total.
            self.target = self.seen
            self.progbar.target = self.seen
        self.progbar._update(self.target, logs, logs, finalize=True, sort_new_keys=True)
