"""``TensorBoard``: write training curves, weight histograms and the model for TensorBoard."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from cornu import backend
from cornu.callbacks._lr_utils import learning_rate_logs
from cornu.callbacks._summary_writer import SummaryWriter
from cornu.callbacks.callback import Callback


class TensorBoard(Callback):
    """Logs what TensorBoard shows: metrics per epoch and per batch, histograms, the model.

    Event files go to ``log_dir/train`` and ``log_dir/validation`` with Keras's tags:
    ``epoch_loss``, ``epoch_accuracy``, ``epoch_learning_rate`` (validation results under
    the same names in ``validation``), ``batch_loss`` with ``update_freq``,
    ``evaluation_loss_vs_iterations`` after each evaluation, and ``<weight path>/histogram``.
    View them with ``tensorboard --logdir log_dir``. Needs the ``tensorboard`` package (not
    TensorFlow).

    Args:
        log_dir: Directory for the event files.
        histogram_freq: Every this many epochs, write a histogram of every weight
            (0: never).
        write_graph: Write the model's configuration (shown under "Graphs" as a Keras
            model) when the model can be serialized.
        write_images: With ``histogram_freq``, also write each weight as an image.
        write_steps_per_second: Log training speed (per epoch, and per batch with
            ``update_freq``).
        update_freq: ``"epoch"``, or ``"batch"`` / an integer ``N`` to also log the running
            batch metrics every ``N`` batches (each write reads the metrics back from the
            device).
        profile_batch: Profiling is not available on this backend: must be 0.
        embeddings_freq: Every this many epochs, save the weights for the projector
            (needs ``model.save_weights``); 0: never.
        embeddings_metadata: A file path, or a dict of Embedding layer name to file path,
            of the labels shown in the projector.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> log_dir = tempfile.mkdtemp()
    >>> _ = model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=2, verbose=0,
    ...               callbacks=[TensorBoard(log_dir, histogram_freq=1)])
    >>> sorted(os.listdir(log_dir))
    ['train']
    """

    def __init__(
        self,
        log_dir: str | os.PathLike = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: int | tuple | str = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: str | dict | None = None,
    ) -> None:
        super().__init__()
        if profile_batch not in (0, "0", (0, 0), None):
            raise ValueError(
                "TensorBoard: profiling is not available with the "
                f"{backend.backend()} backend; pass profile_batch=0 (received "
                f"{profile_batch!r}). Use the engine's own profiler instead."
            )
        if update_freq != "epoch" and update_freq != "batch" and (
                isinstance(update_freq, bool) or not isinstance(update_freq, int)
                or update_freq < 1):
            raise ValueError(
                "TensorBoard: `update_freq` must be 'epoch', 'batch' or a positive integer; "
                f"received {update_freq!r}."
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers: dict[str, SummaryWriter] = {}
        self._global_train_batch = 0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._epoch_start_iterations = 0

    # --- writers -----------------------------------------------------------------------
    @property
    def _train_dir(self) -> str:
        return os.path.join(self.log_dir, "train")

    @property
    def _val_dir(self) -> str:
        return os.path.join(self.log_dir, "validation")

    def _writer(self, which: str) -> SummaryWriter:
        if which not in self._writers:
            directory = self._train_dir if which == "train" else self._val_dir
            self._writers[which] = SummaryWriter(directory)
        return self._writers[which]

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def set_model(self, model: Any) -> None:
        super().set_model(model)
        self._close_writers()
        if self.write_graph:
            self._write_model_config()
        if self.embeddings_freq:
            self._write_projector_config()

    # --- hooks -------------------------------------------------------------------------
    def _needs_batch_hooks(self, mode: str) -> bool:
        return mode == "train" and (self.update_freq != "epoch" or self.write_steps_per_second)

    def _needs_batch_logs(self) -> bool:
        return False  # read only on the batches that are written

    def on_train_begin(self, logs=None) -> None:
        self._global_train_batch = 0

    def on_train_end(self, logs=None) -> None:
        self._close_writers()

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        if self.write_steps_per_second:
            self._epoch_start_time = time.time()
            self._epoch_start_iterations = self._iterations()

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        step = self._global_train_batch
        if self.update_freq == "epoch" or step % self.update_freq:
            return
        writer = self._writer("train")
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-9)
            writer.scalar("batch_steps_per_second", 1.0 / elapsed, step)
        if isinstance(logs, Mapping):
            for name, value in dict(logs).items():
                writer.scalar(f"batch_{name}", value, step)

    def on_test_end(self, logs=None) -> None:
        optimizer = getattr(self.model, "optimizer", None)
        if not logs or optimizer is None or not hasattr(optimizer, "iterations"):
            return
        step = self._iterations()
        writer = self._writer("val")
        for name, value in logs.items():
            writer.scalar(f"evaluation_{name}_vs_iterations", value, step)
        writer.flush()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        self._log_epoch_metrics(epoch, logs or {})
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)

    # --- what is written ---------------------------------------------------------------
    def _iterations(self) -> int:
        return int(backend.convert_to_numpy(self.model.optimizer.iterations))

    def _log_epoch_metrics(self, epoch: int, logs: dict) -> None:
        if not logs:
            return
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if getattr(self.model, "optimizer", None) is not None:
            train.update(learning_rate_logs(self.model, "TensorBoard"))
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._epoch_start_time, 1e-9)
            steps = self._iterations() - self._epoch_start_iterations
            train["steps_per_second"] = steps / elapsed
        for which, values in (("train", train), ("val", val)):
            if values:
                writer = self._writer(which)
                for name, value in values.items():
                    if np.ndim(value) == 0:
                        writer.scalar(f"epoch_{name}", value, epoch)
                writer.flush()

    def _log_weights(self, epoch: int) -> None:
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                value = backend.convert_to_numpy(weight)
                writer.histogram(f"{name}/histogram", value, epoch)
                if self.write_images:
                    image = _weight_image(value)
                    if image is not None:
                        writer.image(f"{name}/image", image, epoch)
        writer.flush()

    def _write_model_config(self) -> None:
        to_json = getattr(self.model, "to_json", None)
        if to_json is None:
            return
        try:
            text = to_json()
        except Exception as error:  # noqa: BLE001 - an unserializable model is not fatal
            warnings.warn(f"TensorBoard: the model could not be serialized to JSON, so it is "
                          f"not shown under Graphs ({error}).", stacklevel=3)
            return
        self._writer("train").text_tensor("keras", text, "graph_keras_model", 0)
        self._writer("train").flush()

    def _write_projector_config(self) -> None:
        lines = []
        metadata = self.embeddings_metadata
        remaining = dict(metadata) if isinstance(metadata, dict) else {}
        for layer in getattr(self.model, "layers", []):
            if type(layer).__name__ != "Embedding":
                continue
            lines.append("embeddings {")
            lines.append('  tensor_name: "layer_with_weights-0/embeddings/.ATTRIBUTES/'
                         'VARIABLE_VALUE"')
            path = metadata if isinstance(metadata, str) else remaining.pop(layer.name, None)
            if path:
                lines.append(f'  metadata_path: "{path}"')
            lines.append("}")
        if remaining:
            raise ValueError(
                "TensorBoard: `embeddings_metadata` names layers that are not Embedding layers "
                f"of the model: {sorted(remaining)}."
            )
        os.makedirs(self.log_dir, exist_ok=True)
        with open(os.path.join(self.log_dir, "projector_config.pbtxt"), "w") as stream:
            stream.write("\n".join(lines) + "\n")

    def _log_embeddings(self, epoch: int) -> None:
        save_weights = getattr(self.model, "save_weights", None)
        if save_weights is None:
            warnings.warn("TensorBoard: embeddings_freq needs model.save_weights, which this "
                          "model does not have; no embeddings were saved.", stacklevel=3)
            return
        os.makedirs(self._train_dir, exist_ok=True)
        save_weights(os.path.join(self._train_dir,
                                  f"keras_embedding.ckpt-{epoch}.weights.h5"))


def _weight_image(value: np.ndarray) -> np.ndarray | None:
    """A 2-D view of a weight for ``write_images``: vectors as a row, matrices wide side
    horizontal, 3-D kernels as their channels side by side; ``None`` for other shapes."""
    value = np.squeeze(value)
    if value.ndim == 1:
        return value[None, :]
    if value.ndim == 2:
        return value.T if value.shape[0] > value.shape[1] else value
    if value.ndim == 3:
        return np.concatenate(list(np.moveaxis(value, -1, 0)), axis=1)
    return None
