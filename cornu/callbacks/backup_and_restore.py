"""``BackupAndRestore``: resume an interrupted ``fit`` where it stopped."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from typing import Any

from cornu.callbacks import _backup_state
from cornu.callbacks.callback import Callback


class BackupAndRestore(Callback):
    """Backs up training regularly, so that a ``fit`` interrupted by a crash can resume.

    Each backup holds the model's weights, the optimizer's variables (step count, moments,
    learning rate), the state of the random generators (Python, NumPy, engine) and the
    position in training. When ``fit`` starts with a backup present in ``backup_dir``, the
    callback loads it and training continues from that epoch, and, for backups taken
    every few batches, from the batch after the backed-up one: the batches already done
    are skipped in the same shuffled order. A seeded run on the CPU that is killed and
    restarted ends with exactly the weights of a run that was never interrupted.

    The backup directory is deleted when ``fit`` ends normally (``delete_checkpoint``).

    Args:
        backup_dir: Directory for the backup (``latest.weights.npz`` and a readable
            ``training_metadata.json``). Use one directory per training job.
        save_freq: ``"epoch"`` (back up after each epoch) or an integer number of batches.
        double_checkpoint: Keep the previous backup too (``.bkp`` files), used if the
            latest one cannot be read.
        delete_checkpoint: Delete ``backup_dir`` at the end of a completed ``fit``.

    Example:

    >>> import tempfile
    >>> import numpy as np
    >>> import cornu
    >>> class Crash(cornu.callbacks.Callback):
    ...     def on_epoch_begin(self, epoch, logs=None):
    ...         if epoch == 2:
    ...             raise RuntimeError("interrupted")
    >>> model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> backup = BackupAndRestore(tempfile.mkdtemp())
    >>> x, y = np.ones((4, 1)), np.ones((4, 1))
    >>> try:
    ...     model.fit(x, y, epochs=4, callbacks=[backup, Crash()], verbose=0)
    ... except RuntimeError:
    ...     pass
    >>> history = model.fit(x, y, epochs=4, callbacks=[backup], verbose=0)
    >>> history.epoch  # epochs 0 and 1 were done before the crash
    [2, 3]
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike,
        save_freq: str | int = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError(
                "BackupAndRestore: `backup_dir` must name a directory for the backup; "
                f"received {backup_dir!r}."
            )
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(
                save_freq, int) or save_freq < 1):
            raise ValueError(
                "BackupAndRestore: `save_freq` must be 'epoch' or a positive integer "
                f"number of batches. Received save_freq={save_freq!r}."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.npz")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        self._current_epoch = 0
        self._last_batch_seen = -1
        self._batches_seen_since_last_saving = 0
        self._epoch_random: dict | None = None
        self._pending_random: dict | None = None
        self._pending_step = 0

    def _needs_batch_hooks(self, mode: str) -> bool:
        return mode == "train" and (self.save_freq != "epoch" or self._pending_random is not None)

    def _needs_batch_logs(self) -> bool:
        return False

    # --- restoring ---------------------------------------------------------------------
    def on_train_begin(self, logs=None) -> None:
        self._pending_random = None
        self._batches_seen_since_last_saving = 0
        if not self.model.built:
            raise ValueError(
                "BackupAndRestore: the model must be built before fit() so that a backup "
                f"can be loaded into it; model '{self.model.name}' is not. Call it on a "
                "batch of data, or give it an Input, first."
            )
        path = self._weights_path
        if not os.path.exists(path) and os.path.exists(self._prev_weights_path):
            path = self._prev_weights_path
        if not os.path.exists(path):
            return
        try:
            backup = _backup_state.read_backup(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            if path == self._prev_weights_path or not os.path.exists(self._prev_weights_path):
                raise
            backup = _backup_state.read_backup(self._prev_weights_path)
        self._restore(*backup)

    def _restore(self, meta: dict, model_weights: list, optimizer_weights: list,
                 randoms: dict) -> None:
        self.model.set_weights(model_weights)
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and optimizer_weights:
            if not optimizer.built:
                optimizer.build(self.model.trainable_weights)
            if len(optimizer.variables) != len(optimizer_weights):
                raise ValueError(
                    f"BackupAndRestore: the backup in {self.backup_dir} holds "
                    f"{len(optimizer_weights)} optimizer variables, but the model's optimizer "
                    f"{type(optimizer).__name__} has {len(optimizer.variables)}. Resume with "
                    "the optimizer the backup was made with, or delete the backup directory."
                )
            optimizer.set_weights(optimizer_weights)
            if meta.get("learning_rate") is not None:
                # Bit for bit: the rate as the run computed with it, not its float32 copy.
                optimizer.learning_rate = meta["learning_rate"]
        epoch, batch = meta["epoch"], meta["batch"]
        self.model._initial_epoch = epoch
        if batch is None:
            _backup_state.set_random_state(randoms["now"])
            return
        # Mid-epoch: replay the epoch's shuffle, skip the batches done, then continue with
        # the random state of the moment of the backup.
        _backup_state.set_random_state(randoms["epoch"])
        self.model._initial_step = batch + 1
        self._pending_random = randoms["now"]
        self._pending_step = batch + 1

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        if self._pending_random is not None and batch >= self._pending_step:
            _backup_state.set_random_state(self._pending_random)
            self._pending_random = None

    # --- backing up --------------------------------------------------------------------
    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        self._current_epoch = epoch
        self._last_batch_seen = -1
        if self.save_freq != "epoch":
            self._epoch_random = _backup_state.random_state()

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        if self._should_save_on_batch(batch):
            self._save({"epoch": self._current_epoch, "batch": batch},
                       {"epoch": self._epoch_random, "now": _backup_state.random_state()})

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        # The backup was taken after the epoch's last batch: no batch ran to take it up.
        self.on_train_batch_begin(self._pending_step)
        self._current_epoch = epoch + 1
        if self.save_freq == "epoch":
            self._save({"epoch": epoch + 1, "batch": None},
                       {"now": _backup_state.random_state()})

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save(self, metadata: dict, randoms: dict[str, Any]) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for latest, previous in ((self._weights_path, self._prev_weights_path), (
                    self._training_metadata_path, self._prev_training_metadata_path)):
                if os.path.exists(latest):
                    shutil.copyfile(latest, previous)
        _backup_state.write_backup(self._weights_path, self.model, metadata, randoms)
        with open(self._training_metadata_path, "w", encoding="utf-8") as stream:
            json.dump(metadata, stream)

    def on_train_end(self, logs=None) -> None:
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
