"""``LossFunctionWrapper``: a ``Loss`` made from a plain ``fn(y_true, y_pred, **kwargs)``."""

from __future__ import annotations

from collections.abc import Callable

from cornu.losses._utils import squeeze_or_expand_to_same_rank
from cornu.losses.loss import Loss
from cornu.saving.serialization import serialize_keras_object


class LossFunctionWrapper(Loss):
    """Wraps a loss function returning per-sample losses into a ``Loss``.

    Before calling ``fn``, a ``(batch,)`` target and a ``(batch, 1)`` prediction (or the
    reverse) are brought to the same rank.

    Args:
        fn: the loss function, ``fn(y_true, y_pred, **kwargs)``.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: see ``Loss``.
        **kwargs: keyword arguments passed on to ``fn`` at every call.

    Example:
        >>> import cornu
        >>> from cornu import ops
        >>> def scaled_mae(y_true, y_pred, scale=1.0):
        ...     return scale * ops.mean(ops.abs(y_true - y_pred), axis=-1)
        >>> loss = cornu.losses.LossFunctionWrapper(scaled_mae, scale=2.0)
        >>> round(float(loss([[1.0, 2.0]], [[2.0, 2.0]])), 4)
        1.0
    """

    def __init__(
        self,
        fn: Callable,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if isinstance(y_true, (dict, list, tuple)) or isinstance(y_pred, (dict, list, tuple)):
            y_true, y_pred = _align_structures(y_true, y_pred)
        else:
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    # Built-in subclasses list the constructor arguments their config holds; their ``fn``
    # is fixed by the class, so it is not saved.
    _config_keys: tuple | None = None

    def get_config(self) -> dict:
        config = super().get_config()
        if self._config_keys is not None:
            config.update({key: getattr(self, key) for key in self._config_keys})
            return config
        config["fn"] = serialize_keras_object(self.fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if "fn" in config:
            from cornu.losses.registry import deserialize

            config = dict(config)
            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self) -> str:
        fn = getattr(self.fn, "__name__", repr(self.fn))
        kwargs = "".join(f" {k}={v!r}" for k, v in self._fn_kwargs.items())
        return f"<{type(self).__name__} name={self.name!r} fn={fn}{kwargs}>"


def _align_structures(y_true, y_pred):
    """Pairs up same-structured dicts/lists of tensors and aligns each pair's rank."""
    if isinstance(y_true, dict) and isinstance(y_pred, dict):
        pairs = {k: squeeze_or_expand_to_same_rank(y_true[k], y_pred[k]) for k in y_pred}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
    if (
        isinstance(y_true, (list, tuple))
        and isinstance(y_pred, (list, tuple))
        and len(y_true) == len(y_pred)
    ):
        pairs = [squeeze_or_expand_to_same_rank(t, p) for t, p in zip(y_true, y_pred)]
        return type(y_true)(p[0] for p in pairs), type(y_pred)(p[1] for p in pairs)
    return y_true, y_pred
