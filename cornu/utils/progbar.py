"""A text progress bar that prints the way Keras 3's does.

On a terminal (or a notebook) the bar redraws one line in place, with the same colours and
control characters as Keras 3. When standard output is a file, a pipe or a CI log, it writes
plain text only (no ``\\r``, ``\\b`` or ANSI codes): a line every ``log_interval`` seconds
with the time left, and the final line, so that logs stay readable.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

_BAR = "━"
_PLAIN_TODO = "─"  # without colours, the part still to do must look different
_BOLD = "\x1b[1m"
_GREEN = "\x1b[32m"
_WHITE = "\x1b[37m"
_RESET = "\x1b[0m"


class Progbar:
    """Displays a progress bar with running metric values.

    Without a terminal (a log file, a pipe, CI), ``verbose=1`` prints plain lines: one every
    ``Progbar.log_interval`` seconds (30 by default) with the time left, and the final one.

    Metrics named in ``stateful_metrics`` are shown as given (their values are already
    running means); every other metric is averaged over the steps seen so far, each update
    weighted by the number of steps it covers. The final update (``finalize=True``) shows
    the values it is given as they are.

    Values may be Python numbers, NumPy scalars or 0-d tensors. ``values`` may also be a
    ``Mapping`` (for example a lazy one that computes on access): values of stateful metrics
    are then read, with ``float()``, only when a line is actually printed.

    Args:
        target: Total number of steps expected, or ``None`` if unknown.
        width: Width of the bar, in characters.
        verbose: ``0`` (silent), ``1`` (a bar redrawn in place) or ``2`` (one line when
            the bar finishes).
        interval: Minimum number of seconds between two redraws when ``verbose=1``.
        stateful_metrics: Names of metrics shown as given instead of averaged. Pass at
            most one of ``stateful_metrics`` and ``stateless_metrics``.
        stateless_metrics: Names of the only metrics that are averaged; all others are
            shown as given.
        unit_name: Name of one step in the time-per-step field (``"step"``, ``"sample"``).

    Example:

    >>> bar = Progbar(target=3, verbose=2)
    >>> for step in range(1, 4):  # doctest: +ELLIPSIS
    ...     bar.update(step, [("loss", 1.0 / step)])
    3/3 - 0s - ...s/step - loss: 0.3333
    """

    log_interval: float = 30.0  # seconds between two plain progress lines in a log

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
    ) -> None:
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar: pass at most one of `stateful_metrics` (names shown as given, "
                "all others averaged) and `stateless_metrics` (names averaged, all others "
                f"shown as given). Received stateful_metrics={stateful_metrics!r} and "
                f"stateless_metrics={stateless_metrics!r}."
            )
        if verbose not in (0, 1, 2):
            raise ValueError(
                f"Progbar: `verbose` must be 0 (silent), 1 (progress bar) or 2 (one line "
                f"at the end). Received verbose={verbose!r}."
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        self._averages_nothing = self.stateless_metrics is not None and not self.stateless_metrics

        self._dynamic_display = _supports_redraw(sys.stdout)
        self._seen_so_far = 0
        self._order: dict[str, None] = {}  # metric names, in order of first appearance
        self._sums: dict[str, list[float]] = {}  # averaged metrics: [weighted sum, weight]
        self._latest: dict[str, Mapping] = {}  # stateful: the mapping to read it from
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step: float | None = None
        self._prev_total_width = 0

    def update(
        self,
        current: int,
        values: Sequence[tuple[str, Any]] | Mapping[str, Any] | None = None,
        finalize: bool | None = None,
    ) -> None:
        """Moves the bar to step ``current`` and records metric values.

        Args:
            current: Index of the current step (1-based count of steps done).
            values: ``(name, value)`` pairs, or a mapping of name to value, for this step.
            finalize: Whether this is the last update. Defaults to
                ``current >= target`` (never, when the target is unknown).
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if values is None:
            source, keys = None, ()
        elif isinstance(values, Mapping):
            source, keys = values, values
        else:
            pairs = list(values)
            source, keys = dict(pairs), [name for name, _ in pairs]
        self._update(current, source, keys, finalize)

    def add(self, n: int, values: Sequence[tuple[str, Any]] | None = None) -> None:
        """Advances the bar by ``n`` steps; see ``update`` for ``values``."""
        self.update(self._seen_so_far + n, values)

    def _update(
        self,
        current: int,
        source: Mapping | None,
        keys: Iterable[str],
        finalize: bool,
        sort_new_keys: bool = False,
    ) -> None:
        """Records the values named by ``keys`` in ``source`` and prints if it is time.

        With ``sort_new_keys``, names seen for the first time join the line in sorted
        order rather than in the order of ``keys``.
        """
        if self.verbose and source is not None:
            if self._averages_nothing:  # the per-step fast path: only remember the source
                latest = self._latest
                for key in keys:
                    latest[key] = source
            else:
                self._record(current, source, keys, finalize)
            if len(self._order) != len(self._latest) + len(self._sums):
                new_keys = [key for key in keys if key not in self._order]
                for key in sorted(new_keys) if sort_new_keys else new_keys:
                    self._order[key] = None
        self._seen_so_far = current

        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if not finalize:
                # Without a terminal: one plain line (with the ETA) per `log_interval`.
                since = now - (self._last_update if self._dynamic_display
                               else max(self._last_update, self._start))
                if since < (self.interval if self._dynamic_display else self.log_interval):
                    return
            self._print_bar(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target:
            count = _format_count(current, self.target)
            line = f"{count} - {now - self._start:.0f}s -"
            line += _format_time(time_per_unit, self.unit_name) + self._format_metrics()
            _write(line + "\n")
        self._last_update = now

    def _print_bar(self, current: int, now: float, time_per_unit: float, finalize: bool) -> None:
        # Each segment is (text, ANSI style or None); styles are dropped without a terminal.
        if self.target:
            done = int(self.width * float(current) / self.target)
            segments = [(_format_count(current, self.target), _BOLD), (" ", None)]
            if done > 0:
                segments.append((_BAR * done, _GREEN))
            todo = _BAR if self._dynamic_display else _PLAIN_TODO
            segments.append((todo * (self.width - done), _WHITE))
        else:
            segments = [(f"{int(current):7d}/Unknown", None)]
        if self.target and not finalize:
            clock = _format_eta(time_per_unit * (self.target - current))
        else:
            clock = f"{now - self._start:.0f}s"
        segments += [(" ", None), (clock, _BOLD)]
        tail = _format_time(time_per_unit, self.unit_name) + self._format_metrics()
        segments.append((tail, None))

        visible_width = sum(len(text) for text, _ in segments)
        if self._dynamic_display:
            message = "\b" * self._prev_total_width + "\r"
            message += "".join(
                f"{style}{text}{_RESET}" if style else text for text, style in segments
            )
            message += " " * max(self._prev_total_width - visible_width, 0)
            self._prev_total_width = visible_width
        else:
            message = "".join(text for text, _ in segments)
        _write(message + "\n" if finalize or not self._dynamic_display else message)

    def _record(self, current: int, source: Mapping, keys: Iterable[str], finalize: bool) -> None:
        for key in keys:
            if not self._is_averaged(key):
                self._latest[key] = source
                continue
            value = _to_float(source[key], key)
            weight = 1 if finalize else max(current - self._seen_so_far, 1)
            if finalize or key not in self._sums:
                self._sums[key] = [value * weight, weight]
            else:
                self._sums[key][0] += value * weight
                self._sums[key][1] += weight

    def _is_averaged(self, key: str) -> bool:
        if self.stateful_metrics is not None:
            return key not in self.stateful_metrics
        return key in self.stateless_metrics

    def _format_metrics(self) -> str:
        parts = []
        for key in self._order:
            if key in self._sums:
                total, weight = self._sums[key]
                parts.append(f" - {key}: {_format_number(total / max(1, weight))}")
                continue
            try:
                raw = self._latest[key][key]
            except KeyError:  # the caller's mapping lost the name since it was given
                continue
            try:
                text = _format_number(_to_float(raw, key))
            except TypeError:
                text = str(raw)
            parts.append(f" - {key}: {text}")
        return "".join(parts)

    def _estimate_step_duration(self, current: int, now: float) -> float:
        """Seconds per step, leaving out the first (usually slower) step once possible."""
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit


def _supports_redraw(stream: Any) -> bool:
    """Whether ``stream`` can redraw a line in place with ``\\r`` (never with interactive
    logging off: ``cornu.config.disable_interactive_logging()``)."""
    from cornu.config import is_interactive_logging_enabled

    if not is_interactive_logging_enabled():
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is not None and isatty():
            return True
    except (ValueError, OSError):  # a closed or detached stream
        return False
    return _in_notebook_or_ide()


def _in_notebook_or_ide() -> bool:
    """Jupyter and PyCharm consoles are not TTYs but do handle ``\\r``."""
    return "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def _write(message: str) -> None:
    stream = sys.stdout
    if stream is None:  # pythonw and some embedded interpreters
        return
    try:
        stream.write(message)
    except UnicodeEncodeError:
        # A stream that cannot encode the bar (e.g. cp1252): fall back to ASCII bars.
        message = message.replace(_BAR, "=").replace(_PLAIN_TODO, "-")
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(message.encode(encoding, errors="ignore").decode(encoding))
    stream.flush()


def _to_float(value: Any, name: str) -> float:
    """``float(value)``; a value with several elements shows as its mean."""
    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"Progbar: the value of metric {name!r} must be a number, a NumPy scalar or a "
            f"tensor; received {type(value).__name__} {value!r}."
        )
    try:
        return float(np.mean(np.asarray(value)))
    except (TypeError, ValueError, RuntimeError):
        from cornu import backend  # a tensor on an accelerator: copy it to the host

        return float(np.mean(backend.convert_to_numpy(value)))


def _format_number(value: float) -> str:
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def _format_count(current: int, target: int) -> str:
    digits = int(math.log10(target)) + 1
    return f"{int(current):{digits}d}/{int(target)}"


def _format_eta(seconds: float) -> str:
    whole = int(seconds)
    if seconds > 3600:
        return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    if seconds > 60:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{whole}s"


def _format_time(time_per_unit: float, unit_name: str) -> str:
    """`` 3s/step``, `` 12ms/step`` or `` 709us/step``."""
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1e6:.0f}us/{unit_name}"
