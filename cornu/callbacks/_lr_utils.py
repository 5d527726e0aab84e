"""Reading and setting the learning rate of a model's optimizer(s), for the callbacks."""

from __future__ import annotations

from typing import Any

from cornu import backend


def optimizers_of(model: Any, owner: str) -> list[tuple[str, Any]]:
    """``[(log_suffix, optimizer), ...]``: one entry, or one per inner optimizer.

    ``log_suffix`` is ``""`` for a single optimizer and ``"_<name>"`` for each optimizer
    of a multi-optimizer (an object with an ``optimizers`` list).
    """
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(
            f"{owner}: the model has no optimizer. Call `model.compile(optimizer=...)` "
            "before `fit()`."
        )
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    inner = getattr(optimizer, "optimizers", None)
    if inner:
        return [(f"_{opt.name}", opt) for opt in inner]
    return [("", optimizer)]


def get_learning_rate(optimizer: Any, owner: str) -> float:
    """The optimizer's current learning rate as a Python float."""
    if not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{owner}: the optimizer {type(optimizer).__name__} has no `learning_rate` "
            "attribute; use one of cornu.optimizers."
        )
    return float(backend.convert_to_numpy(optimizer.learning_rate))


def learning_rate_logs(model: Any, owner: str) -> dict[str, float]:
    """``{"learning_rate": ...}`` (or one entry per inner optimizer), as Keras logs it."""
    return {
        f"learning_rate{suffix}": get_learning_rate(opt, owner)
        for suffix, opt in optimizers_of(model, owner)
    }
