"""The base class of every callback: hooks that ``fit``, ``evaluate`` and ``predict`` call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Logs = Mapping[str, Any] | None

# Hooks called once per batch; a callback that leaves them all alone costs nothing per step.
BATCH_HOOKS = {
    "train": ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end"),
    "test": ("on_test_batch_begin", "on_test_batch_end"),
    "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
}

HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
    *(hook for hooks in BATCH_HOOKS.values() for hook in hooks),
)


def _default_hook(method: Callable) -> Callable:
    """Marks a hook of the base class, so that a subclass's override can be detected."""
    method._is_default_hook = True
    return method


def overrides_hook(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` replaces the base class's (empty) ``hook``.

    A hook replaced by a subclass method or by an instance attribute (as
    ``LambdaCallback`` does) counts as overridden.
    """
    return not getattr(getattr(callback, hook, None), "_is_default_hook", False)


class Callback:
    """Base class for objects that hook into training, evaluation and prediction.

    Subclass it and override the hooks you need; pass instances in the ``callbacks``
    argument of ``fit``, ``evaluate`` or ``predict``. Every hook does nothing by default,
    except ``on_train_batch_begin`` / ``on_train_batch_end``, which call the older names
    ``on_batch_begin`` / ``on_batch_end``.

    Batch-level ``logs`` are mappings whose values are floats or 0-d tensors (convert with
    ``float()``); epoch-level ``logs`` are dicts of Python floats such as ``loss``,
    ``accuracy`` and, with validation, ``val_loss``.

    Attributes:
        model: The model being trained, evaluated or run (set by ``set_model``).
        params: Dict of run parameters: ``verbose``, ``epochs``, ``steps``.

    Example:

    >>> class CountEpochs(Callback):
    ...     def on_train_begin(self, logs=None):
    ...         self.count = 0
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.count += 1
    >>> counter = CountEpochs()
    >>> counter.on_train_begin()
    >>> for epoch in range(3):
    ...     counter.on_epoch_end(epoch, {"loss": 0.5})
    >>> counter.count
    3
    """

    # Class-level defaults keep a subclass usable when its __init__ skips super().__init__().
    params: dict | None = None
    _model: Any = None

    def __init__(self) -> None:
        self.params = None
        self._model = None

    def set_params(self, params: dict) -> None:
        """Stores the run parameters (``verbose``, ``epochs``, ``steps``)."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Stores the model the callback works with."""
        self._model = model

    @property
    def model(self) -> Any:
        """The model the callback works with, or ``None`` before ``set_model``."""
        return self._model

    @model.setter
    def model(self, model: Any) -> None:
        self.set_model(model)

    def _needs_batch_logs(self) -> bool:
        """Whether this callback may read batch logs on every batch.

        Defaults to "overrides any per-batch hook". A callback that reads batch logs only
        now and then (like ``ProgbarLogger``) returns ``False``, so that the trainer can
        hand over logs computed lazily.
        """
        return any(overrides_hook(self, hook) for hooks in BATCH_HOOKS.values() for hook in hooks)

    def _needs_batch_hooks(self, mode: str) -> bool:
        """Whether this callback must be called on each batch of ``mode``.

        ``mode`` is ``"train"``, ``"test"`` or ``"predict"``.
        """
        return any(overrides_hook(self, hook) for hook in BATCH_HOOKS[mode])

    @_default_hook
    def on_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Older name of ``on_train_batch_begin``, still called by it."""

    @_default_hook
    def on_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Older name of ``on_train_batch_end``, still called by it."""

    @_default_hook
    def on_epoch_begin(self, epoch: int, logs: Logs = None) -> None:
        """Called at the start of each training epoch.

        Args:
            epoch: Index of the epoch (0-based).
            logs: Currently empty.
        """

    @_default_hook
    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        """Called at the end of each training epoch.

        Args:
            epoch: Index of the epoch (0-based).
            logs: Dict of the epoch's metric results, e.g. ``{"loss": 0.2,
                "accuracy": 0.9}``; validation results carry a ``val_`` prefix.
        """

    @_default_hook
    def on_train_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each training batch; calls ``on_batch_begin`` by default.

        Args:
            batch: Index of the batch within the epoch (0-based).
            logs: Currently empty.
        """
        self.on_batch_begin(batch, logs)

    @_default_hook
    def on_train_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each training batch; calls ``on_batch_end`` by default.

        Args:
            batch: Index of the batch within the epoch (0-based).
            logs: Mapping of running metric results over the epoch so far.
        """
        self.on_batch_end(batch, logs)

    @_default_hook
    def on_test_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each batch of ``evaluate`` and of validation in ``fit``."""

    @_default_hook
    def on_test_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each batch of ``evaluate`` and of validation in ``fit``.

        Args:
            batch: Index of the batch (0-based).
            logs: Mapping of running metric results so far.
        """

    @_default_hook
    def on_predict_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each batch of ``predict``."""

    @_default_hook
    def on_predict_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each batch of ``predict``; ``logs["outputs"]`` holds its output."""

    @_default_hook
    def on_train_begin(self, logs: Logs = None) -> None:
        """Called once at the start of ``fit``."""

    @_default_hook
    def on_train_end(self, logs: Logs = None) -> None:
        """Called once at the end of ``fit``; ``logs`` holds the last epoch's results."""

    @_default_hook
    def on_test_begin(self, logs: Logs = None) -> None:
        """Called at the start of ``evaluate`` and of each validation run in ``fit``."""

    @_default_hook
    def on_test_end(self, logs: Logs = None) -> None:
        """Called at the end of ``evaluate`` / validation; ``logs`` holds its results."""

    @_default_hook
    def on_predict_begin(self, logs: Logs = None) -> None:
        """Called once at the start of ``predict``."""

    @_default_hook
    def on_predict_end(self, logs: Logs = None) -> None:
        """Called once at the end of ``predict``."""
