"""``plot_history``: loss and metric curves of ``fit``, training against validation."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            "plot_history draws with matplotlib, which is not installed: "
            "`pip install matplotlib`."
        ) from error
    return plt


def _records(history: Any) -> tuple[dict, list]:
    """``(name -> values, epoch numbers)`` from a History, a model or a plain dict."""
    if not isinstance(history, Mapping) and hasattr(history, "history") and not isinstance(
            history.history, Mapping):
        history = history.history  # a model: its last History
    records = history.history if hasattr(history, "history") else history
    if not isinstance(records, Mapping):
        raise TypeError(
            "plot_history: expected the History returned by fit(), a model that was fit, or "
            f"a dict of lists; received {type(history).__name__}."
        )
    epochs = list(getattr(history, "epoch", None) or [])
    length = max((len(v) for v in records.values()), default=0)
    if len(epochs) != length:
        epochs = list(range(length))
    return dict(records), [e + 1 for e in epochs]


def plot_history(
    history: Any,
    metrics: Sequence[str] | None = None,
    to_file: str | os.PathLike | None = None,
    figsize: tuple[float, float] | None = None,
    dpi: int = 100,
    title: str | None = None,
) -> Any:
    """Draws one panel per metric (loss first) with its training and validation curves.

    Args:
        history: The ``History`` that ``fit`` returned (or the model, or
            ``history.history``).
        metrics: Names to draw (without ``val_``); default: every metric recorded.
        to_file: Also save the figure there (PNG, SVG, PDF... by extension).
        figsize: Figure size in inches; default 5 x 3.5 per panel.
        dpi: Resolution of the saved file.
        title: Title above the panels.

    Returns:
        The matplotlib ``Figure`` (shown by notebooks when it is a cell's last value).

    Example:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure = plot_history({"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6],
    ...                        "accuracy": [0.5, 0.7, 0.8]})
    >>> [ax.get_title() for ax in figure.axes]
    ['loss', 'accuracy']
    """
    records, epochs = _records(history)
    names = [name for name in records if not name.startswith("val_")]
    names += [name[4:] for name in records if name.startswith("val_") and name[4:] not in names]
    names = sorted(names, key=lambda name: name != "loss")  # stable: loss first
    if metrics is not None:
        unknown = [m for m in metrics if m not in names]
        if unknown:
            raise ValueError(
                f"plot_history: no record of {unknown}; the history holds {names}."
            )
        names = list(metrics)
    if not names:
        raise ValueError("plot_history: the history is empty; train with fit() first.")
    plt = _pyplot()
    figure, axes = plt.subplots(
        1, len(names), figsize=figsize or (5.0 * len(names), 3.5), squeeze=False)
    for ax, name in zip(axes[0], names):
        for key, label, style in ((name, "training", "-o"), (f"val_{name}", "validation", "--s")):
            if key in records:
                values = [float(v) for v in records[key]]
                ax.plot(epochs[:len(values)], values, style, markersize=3, label=label)
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.grid(True, alpha=0.3)
        ax.legend()
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    if to_file is not None:
        figure.savefig(os.fspath(to_file), dpi=dpi)
    return figure
