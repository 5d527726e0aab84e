"""The learning-rate half of the optimizer state: a Variable with a Python mirror, a
schedule, or a callable; and Keras 2's ``decay``."""

from __future__ import annotations

from cornu import backend
from cornu.optimizers import base_state
from cornu.optimizers.legacy_arguments import warn_legacy_once
from cornu.optimizers.schedules.learning_rate_schedule import LearningRateSchedule


class LearningRateState(base_state.OptimizerState):
    """Holds the learning rate; ``_learning_rate_at(step)`` is what a step uses.

    A constant rate lives in a float32 Variable (``variables[1]``, as in Keras) mirrored
    by a Python float; built-in schedules are evaluated in Python floats too.
    """

    def _init_learning_rate(self, learning_rate) -> None:
        self._learning_rate = None
        self._lr_variable = None
        self._lr_mirror = None
        self._set_learning_rate(learning_rate)

    @property
    def learning_rate(self):
        """The learning rate: the Variable holding it, or the schedule's current value.

        Setting it to a number assigns the Variable; to a schedule or callable replaces it.
        """
        lr = self._learning_rate
        if lr is self._lr_variable:
            return lr
        if isinstance(lr, LearningRateSchedule):
            return lr(self._iterations)
        return lr()

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._set_learning_rate(value)

    @property
    def lr(self):
        """Keras 1/2 name of ``learning_rate``."""
        warn_legacy_once("optimizer.lr", "`optimizer.lr` is the Keras 1/2 name; use "
                         "`optimizer.learning_rate`.")
        return self.learning_rate

    @lr.setter
    def lr(self, value) -> None:
        warn_legacy_once("optimizer.lr", "`optimizer.lr` is the Keras 1/2 name; use "
                         "`optimizer.learning_rate`.")
        self.learning_rate = value

    def _set_learning_rate(self, value) -> None:
        if isinstance(value, LearningRateSchedule) or (
            callable(value) and not backend.is_tensor(value)
        ):
            if self._lr_variable is not None:
                self._untrack_variable(self._lr_variable)
                self._lr_variable = self._lr_mirror = None
            self._learning_rate = value
            self._lr_python = base_state.python_schedule(value)
            return
        if isinstance(self._learning_rate, LearningRateSchedule):
            raise TypeError(
                f"{type(self).__name__} was created with a LearningRateSchedule, so its "
                "learning rate cannot be set to a number. Create the optimizer with a float "
                "`learning_rate` to be able to change it."
            )
        value = _as_float(value, f"{type(self).__name__}: `learning_rate`")
        if self._lr_variable is None:
            self._lr_variable = self._make_variable(
                value, "learning_rate", backend.floatx(), aggregation="only_first_replica"
            )
            self._lr_mirror = base_state.ScalarMirror(self._lr_variable, value)
        else:
            self._lr_mirror.set(value)
        self._learning_rate = self._lr_variable
        self._lr_python = None

    def _learning_rate_at(self, step: int):
        """The learning rate of the step that follows ``step`` earlier steps."""
        lr = self._learning_rate
        if lr is self._lr_variable:
            value = self._lr_mirror.get()
        elif self._lr_python is not None:
            value = self._lr_python(step)
        elif isinstance(lr, LearningRateSchedule):
            value = lr(self._iterations)
        else:
            value = lr()
        if self._legacy_decay:
            value = value / (1.0 + self._legacy_decay * step)
        return value

    def _learning_rate_config(self):
        lr = self._learning_rate
        if lr is self._lr_variable:
            return self._lr_mirror.get()
        if isinstance(lr, LearningRateSchedule):
            from cornu.optimizers.schedules import serialize

            return serialize(lr)
        from cornu.saving.serialization import serialize_keras_object

        return serialize_keras_object(lr)


def _as_float(value, what: str) -> float:
    if isinstance(value, bool) or isinstance(value, str):
        raise ValueError(
            f"{what} must be a float, a LearningRateSchedule or a callable returning the "
            f"learning rate. Received: {value!r}"
        )
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{what} must be a float, a LearningRateSchedule or a callable returning the "
            f"learning rate. Received: {value!r}"
        ) from None
