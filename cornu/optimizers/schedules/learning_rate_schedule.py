"""Learning-rate schedules: functions from the optimizer's step count to a learning rate.

Each built-in schedule writes its formula once, against a small math namespace. Called with a
step (a tensor, a Variable or an int) it returns a float32 tensor, as in Keras. The optimizer
also asks it for ``_python_value(step)``, the same formula in plain Python floats, so that a
training step never waits on the device to read a scheduled learning rate back.
"""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.saving import serialization


class LearningRateSchedule:
    """Base class of learning-rate schedules.

    Subclasses implement ``__call__(step)`` (the learning rate at an optimizer step) and
    ``get_config()`` (the constructor arguments, for saving).

    Example:
        >>> from cornu.optimizers import schedules
        >>> class Halving(schedules.LearningRateSchedule):
        ...     def __init__(self, initial):
        ...         self.initial = initial
        ...     def __call__(self, step):
        ...         return self.initial / (1.0 + step)
        ...     def get_config(self):
        ...         return {"initial": self.initial}
        >>> Halving(0.1)(1)
        0.05
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self) -> dict:
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
            "to be serializable."
        )

    @classmethod
    def from_config(cls, config: dict):
        """Creates a schedule from the dict that ``get_config`` returned."""
        return cls(**config)


class _TensorMath:
    """The math namespace of ``__call__``: cornu ops, float32 like Keras."""

    floor = staticmethod(ops.floor)
    ceil = staticmethod(ops.ceil)
    cos = staticmethod(ops.cos)
    log = staticmethod(ops.log)
    power = staticmethod(ops.power)
    minimum = staticmethod(ops.minimum)
    where = staticmethod(ops.where)

    @staticmethod
    def to_float(x):
        return ops.cast(x, backend.floatx())


class _PythonMath:
    """The math namespace of ``_python_value``: plain Python floats, no device work."""

    floor = staticmethod(math.floor)
    ceil = staticmethod(math.ceil)
    cos = staticmethod(math.cos)
    log = staticmethod(math.log)
    minimum = staticmethod(min)

    @staticmethod
    def power(x, y):
        return float(x) ** y

    @staticmethod
    def where(cond, x, y):
        return x if cond else y

    @staticmethod
    def to_float(x):
        return float(x)


class FormulaSchedule(LearningRateSchedule):
    """A schedule whose formula ``_formula(step, xp)`` runs on tensors and on floats."""

    def _formula(self, step, xp):
        raise NotImplementedError

    def __call__(self, step):
        return self._formula(self._tensor_step(step), _TensorMath)

    def _tensor_step(self, step):
        return _TensorMath.to_float(step)

    def _python_value(self, step: int) -> float:
        """The learning rate at ``step`` as a Python float (no device sync)."""
        return float(self._formula(float(step), _PythonMath))


def python_value_fn(schedule):
    """``schedule._python_value`` when ``schedule`` is an unmodified built-in, else None."""
    if isinstance(schedule, FormulaSchedule) and type(schedule).__call__ is (
        FormulaSchedule.__call__
    ):
        return schedule._python_value
    return None


def _check_decay_steps(value, argument: str = "decay_steps"):
    if value <= 0:
        raise ValueError(f"Argument `{argument}` must be > 0. Received: {argument}={value}")
    return value


class ExponentialDecay(FormulaSchedule):
    """Multiplies the learning rate by ``decay_rate`` every ``decay_steps`` steps.

    ``lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps)``, with the
    exponent rounded down when ``staircase=True``.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: number of steps over which the rate is multiplied by ``decay_rate``.
        decay_rate: the multiplier.
        staircase: decay in whole steps of ``decay_steps`` instead of continuously.
        name: name of the schedule.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
        >>> round(float(s(10)), 6)
        0.05
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "ExponentialDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps)
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def _formula(self, step, xp):
        p = step / float(self.decay_steps)
        if self.staircase:
            p = xp.floor(p)
        return self.initial_learning_rate * xp.power(self.decay_rate, p)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(FormulaSchedule):
    """A constant learning rate on each interval between step boundaries.

    ``values[0]`` while ``step <= boundaries[0]``, ``values[1]`` while
    ``boundaries[0] < step <= boundaries[1]``, ..., ``values[-1]`` after the last boundary.

    Args:
        boundaries: increasing step numbers, one fewer than ``values``.
        values: the learning rate on each interval.
        name: name of the schedule.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1])
        >>> [round(float(s(k)), 6) for k in (100, 101, 250)]
        [1.0, 0.5, 0.1]
    """

    def __init__(self, boundaries, values, name: str = "PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay: `boundaries` must have one element fewer than "
                f"`values`. Received boundaries={boundaries} (length {len(boundaries)}) "
                f"and values={values} (length {len(values)})."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def _tensor_step(self, step):
        return ops.convert_to_tensor(step)  # exact integer comparisons past 2**24 steps

    def _formula(self, step, xp):
        result = self.values[-1]
        for boundary, value in zip(reversed(self.boundaries), reversed(self.values[:-1])):
            result = xp.where(step <= boundary, value, result)
        return result

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(FormulaSchedule):
    """Decays from ``initial_learning_rate`` to ``end_learning_rate`` along a polynomial.

    ``lr(step) = (initial - end) * (1 - step / decay_steps) ** power + end``, with ``step``
    held at ``decay_steps`` afterwards, or, with ``cycle=True``, ``decay_steps`` stretched to
    the next multiple of itself above ``step``.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: number of steps to reach ``end_learning_rate``.
        end_learning_rate: the final learning rate.
        power: the exponent of the polynomial (1.0 is linear).
        cycle: restart the decay after ``decay_steps``.
        name: name of the schedule.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.PolynomialDecay(1.0, decay_steps=10, end_learning_rate=0.0)
        >>> round(float(s(5)), 6)
        0.5
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps)
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def _formula(self, step, xp):
        decay_steps = float(self.decay_steps)
        if self.cycle:
            decay_steps = decay_steps * xp.where(step == 0, 1.0, xp.ceil(step / decay_steps))
        else:
            step = xp.minimum(step, decay_steps)
        fraction = 1.0 - step / decay_steps
        span = self.initial_learning_rate - self.end_learning_rate
        return span * fraction**self.power + self.end_learning_rate

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(FormulaSchedule):
    """Divides the learning rate by ``1 + decay_rate * step / decay_steps``.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: how often the decay is applied (in steps).
        decay_rate: the decay factor.
        staircase: decay in whole steps of ``decay_steps`` instead of continuously.
        name: name of the schedule.

    Returns:
        A schedule; calling it with a step returns the learning rate as a scalar tensor.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)
        >>> round(float(s(2)), 6)
        0.05
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "InverseTimeDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps)
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def _formula(self, step, xp):
        p = step / float(self.decay_steps)
        if self.staircase:
            p = xp.floor(p)
        return self.initial_learning_rate / (1.0 + self.decay_rate * p)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


def serialize(learning_rate_schedule) -> dict:
    """Returns the config dict of a schedule (``{"class_name": ..., "config": ...}``).

    Example:
        >>> from cornu.optimizers import schedules
        >>> schedules.serialize(schedules.InverseTimeDecay(0.1, 1, 0.5))["class_name"]
        'InverseTimeDecay'
    """
    return serialization.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """Rebuilds a schedule from ``serialize`` output.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.deserialize(schedules.serialize(schedules.ExponentialDecay(1.0, 2, 0.5)))
        >>> round(float(s(2)), 6)
        0.5
    """
    from cornu.optimizers.schedules.cosine_decay import CosineDecay, CosineDecayRestarts

    module_objects = {
        cls.__name__: cls
        for cls in (
            LearningRateSchedule,
            ExponentialDecay,
            PiecewiseConstantDecay,
            PolynomialDecay,
            InverseTimeDecay,
            CosineDecay,
            CosineDecayRestarts,
        )
    }
    return serialization.deserialize_keras_object(
        config,
        module_objects=module_objects,
        custom_objects=custom_objects,
        printable_module_name="learning rate schedule",
    )
