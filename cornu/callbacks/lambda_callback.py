"""``LambdaCallback``: a callback built from plain functions."""

from __future__ import annotations

from collections.abc import Callable

from cornu.callbacks.callback import HOOKS, Callback


class LambdaCallback(Callback):
    """A callback whose hooks are the functions passed in.

    Each function takes the arguments of the hook it replaces: ``(epoch, logs)`` for the
    epoch hooks, ``(batch, logs)`` for the batch hooks and ``(logs)`` for the
    begin/end hooks. Hooks not given do nothing. Other hooks (``on_test_begin``,
    ``on_predict_batch_end``, ``on_batch_end``, ...) can be passed by name as keywords.

    Args:
        on_epoch_begin: Called at the start of each epoch.
        on_epoch_end: Called at the end of each epoch.
        on_train_begin: Called at the start of training.
        on_train_end: Called at the end of training.
        on_train_batch_begin: Called before each training batch.
        on_train_batch_end: Called after each training batch.
        **kwargs: Any other hook, by name.

    Example:

    >>> seen = []
    >>> callback = LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: seen.append((epoch, logs["loss"])),
    ...     on_test_end=lambda logs: seen.append("test done"),
    ... )
    >>> callback.on_epoch_end(0, {"loss": 0.25})
    >>> callback.on_test_end({})
    >>> seen
    [(0, 0.25), 'test done']
    """

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
        **kwargs: Callable | None,
    ) -> None:
        super().__init__()
        unknown = sorted(set(kwargs) - set(HOOKS))
        if unknown:
            raise TypeError(
                f"LambdaCallback: unknown hook name(s) {unknown}. Expected keyword arguments "
                f"among {list(HOOKS)}."
            )
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
            **kwargs,
        }
        for name, function in hooks.items():
            if function is None:
                continue
            if not callable(function):
                raise TypeError(
                    f"LambdaCallback: `{name}` must be a callable such as a function or "
                    f"lambda; received {type(function).__name__} {function!r}."
                )
            # An instance attribute shadows the base class's empty hook.
            setattr(self, name, function)
