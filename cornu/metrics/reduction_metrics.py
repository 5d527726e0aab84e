"""Metrics that reduce values over batches: ``Reduce``, ``Sum``, ``Mean``, ``MeanMetricWrapper``."""

from __future__ import annotations

import inspect

from cornu import ops
from cornu.metrics._utils import apply_mask, get_mask, reduce_to_samplewise
from cornu.metrics.metric import Metric
from cornu.saving import serialization

_REDUCTIONS = ("sum", "sum_over_batch_size", "weighted_mean")


_MAX_CACHED_COUNTS = 64


def add_count(variable, count) -> None:
    """Adds ``count`` (a tensor or a Python number) to ``variable`` in place.

    A Python number (a batch size) is copied to the device once and the copy reused, so
    that a training step does no host-to-device transfer for it.
    """
    if not isinstance(count, (int, float)):
        variable.assign_add(ops.cast(count, variable.dtype))
        return
    cache = variable.__dict__.setdefault("_cornu_count_cache", {})
    value = cache.get(count)
    if value is None:
        if len(cache) >= _MAX_CACHED_COUNTS:
            variable.assign(ops.add(variable, count))
            return
        value = cache[count] = ops.convert_to_tensor(count, ops.dtype(variable))
    variable.assign_add(value)


class Reduce(Metric):
    """Reduces the values of every batch into one number: a sum or a (weighted) mean.

    Args:
        reduction: ``"sum"`` (total of the weighted values), ``"weighted_mean"`` (total
            divided by the total weight) or ``"sum_over_batch_size"`` (total divided by
            the number of values, whatever their weights).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Reduce("weighted_mean")
        >>> m.update_state([1.0, 3.0], sample_weight=[1.0, 3.0])
        >>> float(m.result())
        2.5
    """

    def __init__(self, reduction: str, name: str | None = None, dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"Reduce: `reduction` must be one of {_REDUCTIONS}, got {reduction!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")
        if reduction != "sum":
            self.count = self.add_variable((), "zeros", dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None) -> None:
        """Adds one batch of values (optionally weighted, same or broadcastable shape)."""
        values = ops.convert_to_tensor(values)
        mask = get_mask(values)
        if sample_weight is not None and mask is not None:
            sample_weight = apply_mask(sample_weight, mask, self.dtype)
        reduce_fn = ops.sum if self.reduction == "sum" else ops.mean
        values, sample_weight = reduce_to_samplewise(values, sample_weight, reduce_fn,
                                                     self.dtype)
        self.total.assign_add(ops.sum(values))
        if self.reduction == "sum":
            return
        if sample_weight is not None and self.reduction == "weighted_mean":
            add_count(self.count, ops.sum(sample_weight))
        else:
            add_count(self.count, values.shape[0] if len(values.shape) >= 1 else 1)

    def result(self):
        if self.reduction == "sum":
            return ops.copy(self.total)  # not a view: later updates must not change it
        return ops.divide_no_nan(self.total, self.count)

    def get_config(self) -> dict:
        return {"reduction": self.reduction, **super().get_config()}


class Sum(Reduce):
    """The (weighted) sum of every value seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Sum()
        >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
        >>> float(m.result())
        4.0
    """

    def __init__(self, name: str = "sum", dtype=None):
        super().__init__("sum", name=name, dtype=dtype)

    def get_config(self) -> dict:
        return Metric.get_config(self)


class Mean(Reduce):
    """The (weighted) mean of every value seen: ``total / count``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Mean()
        >>> m.update_state([1.0, 3.0, 5.0, 7.0])
        >>> float(m.result())
        4.0
        >>> m.reset_state()
        >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    def __init__(self, name: str = "mean", dtype=None):
        super().__init__("weighted_mean", name=name, dtype=dtype)

    def get_config(self) -> dict:
        return Metric.get_config(self)


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function ``fn(y_true, y_pred, **kwargs)``.

    Args:
        fn: the function; it returns one value per sample (or per element).
        name: the metric's name.
        dtype: the dtype of the result.
        **kwargs: keyword arguments passed on to ``fn``.

    Example:
        >>> from cornu import metrics, ops
        >>> def squared_error(y_true, y_pred):
        ...     return ops.square(ops.subtract(y_true, y_pred))
        >>> m = metrics.MeanMetricWrapper(squared_error)
        >>> m.update_state([0.0, 1.0], [1.0, 3.0])
        >>> float(m.result())
        2.5
    """

    # Built-in subclasses fix ``fn`` themselves, so it stays out of their config.
    _fn_in_config = True

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        if not callable(fn):
            raise ValueError(
                f"MeanMetricWrapper: `fn` must be a callable fn(y_true, y_pred), got {fn!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds ``fn(y_true, y_pred)`` of one batch, weighted by ``sample_weight``."""
        mask = get_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, self.dtype)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        config = Metric.get_config(self)
        if self._fn_in_config:
            config["fn"] = serialization.serialize_keras_object(self._fn)
        config.update(serialization.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if "fn" in config:
            config["fn"] = _deserialize_fn(config["fn"])
        return cls(**config)


class FnMetric(MeanMetricWrapper):
    """A ``MeanMetricWrapper`` around a fixed function: the base of the built-in ones.

    Its config holds the name, dtype and the function's keyword arguments (each also
    kept as an attribute), not the function itself.
    """

    _fn_in_config = False

    def __init__(self, fn, name, dtype, direction: str = "down", **kwargs):
        super().__init__(fn, name=name, dtype=dtype, **kwargs)
        self._direction = direction
        for key, value in kwargs.items():
            setattr(self, key, value)


def _deserialize_fn(fn):
    """Turns a serialized metric function (a name, or a Keras config) back into it."""
    if callable(fn) and not isinstance(fn, dict):
        return fn
    from cornu.metrics import FUNCTIONS

    if isinstance(fn, dict) and fn.get("class_name") == "function":
        fn = fn.get("config")  # Keras's config of a plain function holds its name
    if isinstance(fn, str):
        obj = serialization.get_registered_object(fn, module_objects=FUNCTIONS)
        if obj is not None:
            return obj
        raise ValueError(
            f"MeanMetricWrapper: unknown function {fn!r}. Known functions: "
            f"{', '.join(sorted(FUNCTIONS))}. Register a custom one with "
            "`cornu.saving.register_keras_serializable`."
        )
    obj = serialization.deserialize_keras_object(fn, printable_module_name="metric function")
    if inspect.isclass(obj):
        obj = obj()
    return obj
