"""Keras 1/2 optimizer arguments that old tutorials pass, mapped onto Keras 3.

``lr=`` is ``learning_rate=``; ``decay=`` is Keras 2's per-update inverse-time decay
(``lr / (1 + decay * iterations)``), which cornu still applies; ``schedule_decay=`` (Nadam)
has no Keras 3 equivalent and is ignored. Each name warns once per process, pointing at the
caller's line.
"""

from __future__ import annotations

import os
import sys
import warnings

_CORNU_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_warned: set[str] = set()


def warn_legacy_once(key: str, message: str) -> None:
    """Emits a DeprecationWarning the first time ``key`` is seen, at the user's frame."""
    if key in _warned:
        return
    _warned.add(key)
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_CORNU_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def pop_legacy_arguments(owner: str, learning_rate, kwargs: dict):
    """Removes the Keras 1/2 names from ``kwargs``.

    Args:
        owner: the optimizer class name, for messages.
        learning_rate: the ``learning_rate`` argument as passed (or defaulted).
        kwargs: the remaining keyword arguments; modified in place.

    Returns:
        ``(learning_rate, decay)``: the learning rate to use and the Keras 2 decay (0.0
        when not given).
    """
    if "lr" in kwargs:
        warn_legacy_once(
            "lr", f"{owner}: `lr=` is the Keras 1/2 name; use `learning_rate=` instead."
        )
        learning_rate = kwargs.pop("lr")
    decay = kwargs.pop("decay", None)
    if decay is not None:
        warn_legacy_once(
            "decay",
            f"{owner}: `decay=` is the Keras 2 per-step learning-rate decay; use "
            "`learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, "
            "decay_rate=decay)` instead. cornu still applies it.",
        )
        decay = float(decay)
        if decay < 0:
            raise ValueError(f"{owner}: `decay` must be >= 0. Received: decay={decay}")
    if "schedule_decay" in kwargs:
        kwargs.pop("schedule_decay")
        warn_legacy_once(
            "schedule_decay",
            f"{owner}: `schedule_decay=` (Keras 2 Nadam) has no Keras 3 equivalent and is "
            "ignored.",
        )
    return learning_rate, decay or 0.0
