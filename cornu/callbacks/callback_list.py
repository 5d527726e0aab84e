"""``CallbackList``: one object that forwards every hook to a list of callbacks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from cornu import backend
from cornu.callbacks.callback import BATCH_HOOKS, Callback, Logs
from cornu.callbacks.history import History
from cornu.callbacks.progbar_logger import ProgbarLogger
from cornu.utils import tree


class CallbackList(Callback):
    """Calls each hook on every callback of a list, in order.

    Epoch-level and begin/end logs are normalised once per call: keys sorted, nested
    dicts flattened, scalar tensors and NumPy scalars turned into Python floats. Batch
    logs are passed through untouched (possibly a lazy mapping), so that no per-step
    conversion happens unless a callback reads them.

    Args:
        callbacks: A ``Callback`` or a (nested) list of them.
        add_history: Append a ``History`` unless ``callbacks`` already holds one.
        add_progbar: Append a ``ProgbarLogger`` unless ``callbacks`` already holds one.
        model: The model to hand to every callback (``set_model``).
        **params: Run parameters (``verbose``, ``epochs``, ``steps``) handed to every
            callback (``set_params``).

    Example:

    >>> from cornu.callbacks import LambdaCallback
    >>> calls = []
    >>> callbacks = CallbackList(
    ...     [LambdaCallback(on_epoch_end=lambda epoch, logs: calls.append(logs))],
    ...     add_history=True, verbose=0, epochs=1, steps=2,
    ... )
    >>> callbacks.on_train_begin()
    >>> callbacks.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.75})
    >>> calls
    [{'accuracy': 0.75, 'loss': 0.5}]
    >>> callbacks.needs_batch_logs
    False
    """

    def __init__(
        self,
        callbacks: Callback | list | tuple | None = None,
        add_history: bool = False,
        add_progbar: bool = False,
        model: Any = None,
        **params: Any,
    ) -> None:
        super().__init__()
        self.callbacks: list[Callback] = tree.flatten(callbacks) if callbacks else []
        for index, callback in enumerate(self.callbacks):
            _check_callback(callback, index)
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if add_history and self._history is None:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and self._progbar is None:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def append(self, callback: Callback) -> None:
        """Adds ``callback`` at the end, giving it the list's model and parameters."""
        _check_callback(callback, len(self.callbacks))
        self.callbacks.append(callback)
        if self.model is not None:
            callback.set_model(self.model)
        if self.params:
            callback.set_params(self.params)

    def __iter__(self) -> Iterator[Callback]:
        return iter(self.callbacks)

    def __len__(self) -> int:
        return len(self.callbacks)

    def set_params(self, params: dict) -> None:
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model: Any) -> None:
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    @property
    def needs_batch_logs(self) -> bool:
        """Whether some callback may read the batch logs on every batch.

        ``False`` when the only batch-level readers are ``History`` (which reads none)
        and ``ProgbarLogger`` (which reads them only when it redraws): the trainer can
        then pass logs that are computed lazily, or none at all.
        """
        return any(callback._needs_batch_logs() for callback in self.callbacks)

    def needs_batch_hooks(self, mode: str = "train") -> bool:
        """Whether some callback must be called on each batch of ``mode`` at all.

        Args:
            mode: ``"train"``, ``"test"`` or ``"predict"``.

        Returns:
            ``False`` when every ``on_{mode}_batch_*`` call would do nothing (e.g. only
            ``History``, or a ``ProgbarLogger`` with ``verbose=2`` and a known number of
            steps), so the trainer may skip them. For ``"test"`` inside ``fit``, ask
            after ``on_train_begin``.
        """
        if mode not in BATCH_HOOKS:
            raise ValueError(
                f"CallbackList.needs_batch_hooks: `mode` must be one of "
                f"{sorted(BATCH_HOOKS)}; received {mode!r}."
            )
        return any(callback._needs_batch_hooks(mode) for callback in self.callbacks)

    def _needs_batch_logs(self) -> bool:
        return self.needs_batch_logs

    def _needs_batch_hooks(self, mode: str) -> bool:
        return self.needs_batch_hooks(mode)

    def on_train_begin(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def on_epoch_begin(self, epoch: int, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_test_begin(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_test_begin(logs)

    def on_test_end(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_test_end(logs)

    def on_predict_begin(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_predict_begin(logs)

    def on_predict_end(self, logs: Logs = None) -> None:
        logs = _pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_predict_end(logs)

    # Batch hooks: the hot path. Logs go through as given ({} for None), never converted.

    def on_batch_begin(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_batch_begin(batch, logs)

    def on_batch_end(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_batch_end(batch, logs)

    def on_train_batch_begin(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_train_batch_end(batch, logs)

    def on_test_batch_begin(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_test_batch_begin(batch, logs)

    def on_test_batch_end(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_test_batch_end(batch, logs)

    def on_predict_batch_begin(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_predict_batch_begin(batch, logs)

    def on_predict_batch_end(self, batch: int, logs: Logs = None) -> None:
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            callback.on_predict_batch_end(batch, logs)


def _check_callback(callback: Any, index: int) -> None:
    if not isinstance(callback, Callback):
        raise TypeError(
            f"CallbackList: item {index} of `callbacks` is a {type(callback).__name__} "
            f"({callback!r}); expected an instance of cornu.callbacks.Callback. Subclass "
            "Callback, or wrap plain functions in LambdaCallback."
        )


def _pythonify_logs(logs: Logs) -> dict:
    """Sorted, flat copy of ``logs`` with scalar tensors as Python floats."""
    result: dict = {}
    if not logs:
        return result
    for key in sorted(logs):
        value = logs[key]
        if isinstance(value, Mapping):
            result.update(_pythonify_logs(value))
        else:
            result[key] = _to_python(value)
    return result


def _to_python(value: Any) -> Any:
    """A float for any one-element number, tensor or array; anything else unchanged."""
    if isinstance(value, (float, str, bytes)) or value is None:
        return value
    if backend.is_tensor(value):
        value = backend.convert_to_numpy(value)
    if isinstance(value, np.ndarray):
        return float(value.reshape(())) if value.size == 1 else value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value
