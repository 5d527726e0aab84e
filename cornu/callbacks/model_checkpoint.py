"""``ModelCheckpoint``: save the model or its weights during training."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from cornu import backend
from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.utils.legacy import warn_once
from cornu.utils.progbar import _write

_MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
_WEIGHTS_SUFFIXES = (".weights.h5", ".h5", ".hdf5")


class ModelCheckpoint(MonitorCallback):
    """Saves the model (``model.save``) or its weights (``model.save_weights``) as it trains.

    ``filepath`` may hold ``str.format`` fields filled from the epoch number (1-based) and
    the logs, e.g. ``"ckpt/{epoch:02d}-{val_loss:.2f}.keras"``; when saving every few
    batches, ``{batch}`` (1-based) is available too.

    Args:
        filepath: Where to save: ends in ``.keras`` for the whole model, ``.weights.h5``
            with ``save_weights_only=True`` (``.h5``/``.hdf5``: Keras 2 files).
        monitor: Quantity compared by ``save_best_only``.
        verbose: ``1`` prints a line at each save (and each skipped save).
        save_best_only: Save only when ``monitor`` improves; with a fixed ``filepath``
            the file always holds the best model so far.
        save_weights_only: Save only the weights.
        mode: ``"min"``, ``"max"`` or ``"auto"``.
        save_freq: ``"epoch"`` (after every epoch) or an integer number of batches.
        initial_value_threshold: A value the monitored quantity must beat before the first
            save (with ``save_best_only``).
        **kwargs: ``period`` (Keras 2: save every ``period`` epochs).

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> folder = tempfile.mkdtemp()
    >>> checkpoint = ModelCheckpoint(os.path.join(folder, "w-{epoch:02d}.weights.h5"),
    ...                              save_weights_only=True)
    >>> _ = model.fit(np.ones((4, 1)), np.ones((4, 1)), epochs=2, callbacks=[checkpoint],
    ...               verbose=0)
    >>> sorted(os.listdir(folder))
    ['w-01.weights.h5', 'w-02.weights.h5']
    """

    def __init__(
        self,
        filepath: str | os.PathLike,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
        **kwargs: Any,
    ) -> None:
        period = kwargs.pop("period", None)
        if kwargs:
            raise TypeError(f"ModelCheckpoint: unexpected keyword argument(s) {sorted(kwargs)}.")
        super().__init__(monitor, mode, baseline=initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.period = 1
        if period is not None:
            warn_once("ModelCheckpoint.period", "ModelCheckpoint: `period=` is the Keras 2 "
                      "name; it saves every `period` epochs. Keras 3 uses `save_freq`.")
            self.period = int(period)
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen: int | None = None
        self._current_epoch = 0
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(
                save_freq, int) or save_freq < 1):
            raise ValueError(
                f"ModelCheckpoint: `save_freq` must be 'epoch' or a positive integer number "
                f"of batches. Received save_freq={save_freq!r}."
            )
        _check_suffix(self.filepath, save_weights_only)

    def _needs_batch_hooks(self, mode: str) -> bool:
        return mode == "train" and self.save_freq != "epoch"

    def _needs_batch_logs(self) -> bool:
        return False  # read only when a file is written

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        self._current_epoch = epoch

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch" and (epoch + 1) % self.period == 0:
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch started
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, epoch: int, batch: int | None, logs) -> None:
        logs = dict(logs) if isinstance(logs, Mapping) else {}
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise OSError(
                "ModelCheckpoint: `filepath` must name a file, but it is an existing "
                f"directory: {filepath}. Add a file name such as 'model.keras'."
            )
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            _write(f"\nEpoch {epoch + 1}: finished saving model to {filepath}\n")

    def _should_save(self, epoch: int, logs: dict, filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                _write(f"\nEpoch {epoch + 1}: saving model to {filepath}\n")
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ModelCheckpoint: save_best_only needs `{self.monitor}` in the logs, which "
                f"hold {', '.join(logs) or 'nothing'}; saving anyway.",
                stacklevel=3,
            )
            return True
        if backend.is_tensor(current):
            current = backend.convert_to_numpy(current)
        if isinstance(current, np.ndarray) and current.ndim > 0:
            warnings.warn(
                f"ModelCheckpoint: `{self.monitor}` is not a scalar ({current!r}); "
                "saving every time instead of the best only.",
                stacklevel=3,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                _write(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                    f"{float(current):.5f}, saving model to {filepath}\n"
                )
            self.best = current
            return True
        if self.verbose > 0:
            _write(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}\n")
        return False

    def _get_file_path(self, epoch: int, batch: int | None, logs: dict) -> str:
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except (KeyError, IndexError) as error:
            raise KeyError(
                f"ModelCheckpoint: cannot fill in the filepath '{self.filepath}': {error!r} "
                f"is not among the available fields {sorted(fields)}."
            ) from None


def _check_suffix(filepath: str, save_weights_only: bool) -> None:
    suffixes = _WEIGHTS_SUFFIXES if save_weights_only else _MODEL_SUFFIXES
    if filepath.endswith(suffixes):
        if filepath.endswith(".hdf5") or (
                filepath.endswith(".h5") and not filepath.endswith(".weights.h5")):
            warn_once("ModelCheckpoint.h5", "ModelCheckpoint: a `.h5`/`.hdf5` filepath is the "
                      "Keras 2 format; prefer `.keras` (or `.weights.h5` for weights).")
        return
    if save_weights_only:
        raise ValueError(
            "ModelCheckpoint: with save_weights_only=True the filepath must end in "
            f"'.weights.h5'. Received filepath={filepath!r}."
        )
    raise ValueError(
        "ModelCheckpoint: the filepath must end in '.keras' (the whole model), or use "
        "save_weights_only=True with a '.weights.h5' filepath. Received "
        f"filepath={filepath!r}."
    )
