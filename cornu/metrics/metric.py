"""The ``Metric`` base class: named state variables, ``update_state``, ``result``."""

from __future__ import annotations

from cornu import backend, ops
from cornu.backend.common.naming import to_snake_case, uniquify
from cornu.metrics._utils import metric_dtype
from cornu.utils import tree


def _zeros(shape, dtype=None):
    return ops.zeros(shape, dtype=dtype)


def _ones(shape, dtype=None):
    return ops.ones(shape, dtype=dtype)


def _resolve_initializer(initializer):
    if initializer is None:
        return _zeros
    if isinstance(initializer, str):
        key = to_snake_case(initializer)
        if key == "zeros":
            return _zeros
        if key == "ones":
            return _ones
        try:
            from cornu import initializers
        except ImportError:  # pragma: no cover - the initializers module is optional here
            initializers = None
        if initializers is None or not hasattr(initializers, "get"):
            raise ValueError(
                f"Metric.add_variable: unknown initializer {initializer!r}. Pass 'zeros', "
                "'ones', a callable `fn(shape, dtype)`, or an initial value."
            )
        return initializers.get(initializer)
    return initializer


class Metric:
    """Base class of stateful metrics: variables updated batch after batch.

    A subclass creates its state in ``__init__`` with ``add_variable``, accumulates it in
    ``update_state`` (in place, with ``assign_add``/``assign``) and reads it in ``result``.
    ``reset_state`` sets every variable back to zero.

    Args:
        dtype: the dtype of the metric's computations and result (default ``floatx()``).
        name: the metric's name (default: the snake_case class name, made unique).

    Example:
        >>> from cornu import metrics, ops
        >>> class CountPositives(metrics.Metric):
        ...     def __init__(self, name="count_positives", dtype=None):
        ...         super().__init__(name=name, dtype=dtype)
        ...         self.count = self.add_variable((), "zeros", name="count")
        ...     def update_state(self, values, sample_weight=None):
        ...         self.count.assign_add(ops.sum(ops.cast(ops.greater(values, 0), self.dtype)))
        ...     def result(self):
        ...         return self.count
        >>> m = CountPositives()
        >>> m.update_state([1.0, -2.0, 3.0])
        >>> float(m.result())
        2.0
    """

    def __init__(self, dtype=None, name: str | None = None):
        self._tracked_ids: set[int] = set()
        self._variables: list = []
        self._metrics: list = []
        self.name = name or uniquify(to_snake_case(type(self).__name__))
        self._dtype = metric_dtype(dtype)

    # -- state ------------------------------------------------------------------------
    def add_variable(self, shape, initializer, dtype=None, aggregation: str = "sum",
                     name: str | None = None):
        """Creates a non-trainable state variable owned by this metric.

        Args:
            shape: the variable's shape (``()`` for a scalar).
            initializer: ``"zeros"``, ``"ones"``, an initializer callable
                ``fn(shape, dtype)``, or an initial value.
            dtype: the variable's dtype (default ``floatx()``).
            aggregation: how replicas combine it (``"sum"``, ``"mean"``...).
            name: the variable's short name; its ``path`` is ``"<metric>/<name>"``.

        Returns:
            The new ``Variable``.
        """
        self._check_super_called()
        name = name or "variable"
        variable = backend.Variable(
            _resolve_initializer(initializer),
            shape=shape,
            dtype=dtype,
            trainable=False,
            aggregation=aggregation,
            synchronization="on_read",
            name=name,
            path=f"{self.name.replace('/', '>')}/{name}",
        )
        self._track(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name: str | None = None):
        """Same as ``add_variable`` (zeros by default)."""
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self) -> list:
        """This metric's state variables, then those of the metrics it holds."""
        out = list(self._variables)
        for metric in self._metrics:
            out.extend(metric.variables)
        return out

    @property
    def dtype(self) -> str:
        return self._dtype

    def _track(self, value) -> None:
        if id(value) in self._tracked_ids:
            return
        if isinstance(value, backend.Variable):
            self._tracked_ids.add(id(value))
            self._variables.append(value)
        elif isinstance(value, Metric):
            self._tracked_ids.add(id(value))
            self._metrics.append(value)

    def __setattr__(self, name, value):
        if "_tracked_ids" in self.__dict__:
            self._track(value)
        super().__setattr__(name, value)

    def _check_super_called(self) -> None:
        if "_tracked_ids" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__}.__init__ did not call super().__init__(): call it "
                "first, before creating variables."
            )

    # -- the protocol -----------------------------------------------------------------
    def update_state(self, *args, **kwargs):
        """Accumulates statistics from one batch (subclasses implement it)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_state(y_true, y_pred, "
            "sample_weight=None)."
        )

    def result(self):
        """The current value of the metric: a scalar tensor (or a dict of them)."""
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self) -> None:
        """Sets every state variable back to zero (called between epochs)."""
        for v in self.variables:
            v.assign(ops.zeros(v.shape, dtype=v.dtype))

    def reset_states(self) -> None:
        """Legacy name of ``reset_state``."""
        self.reset_state()

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch, then returns ``result()``."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # -- stateless variants (values in, values out) ------------------------------------
    def _check_values(self, metric_variables) -> list:
        metric_variables = list(metric_variables)
        if len(metric_variables) != len(self.variables):
            raise ValueError(
                f"{type(self).__name__}: `metric_variables` must hold one value per "
                f"variable of `.variables` ({len(self.variables)}), got "
                f"{len(metric_variables)}."
            )
        return metric_variables

    def _swapped(self, values, fn):
        saved = [ops.copy(v) for v in self.variables]
        try:
            for v, value in zip(self.variables, values):
                v.assign(value)
            out = fn()
            new_values = [ops.copy(v) for v in self.variables]
        finally:
            for v, value in zip(self.variables, saved):
                v.assign(value)
        return out, new_values

    def stateless_update_state(self, metric_variables, *args, **kwargs) -> list:
        """``update_state`` on given variable values; returns the new values."""
        values = self._check_values(metric_variables)
        _, new_values = self._swapped(values, lambda: self.update_state(*args, **kwargs))
        return new_values

    def stateless_result(self, metric_variables):
        """``result`` computed from given variable values."""
        values = self._check_values(metric_variables)
        out, _ = self._swapped(values, lambda: tree.map_structure(ops.copy, self.result()))
        return out

    def stateless_reset_state(self) -> list:
        """The values that ``reset_state`` would give the variables."""
        _, new_values = self._swapped(self.variables, self.reset_state)
        return new_values

    # -- config -----------------------------------------------------------------------
    def get_config(self) -> dict:
        """The arguments that rebuild this metric with ``from_config``."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__
