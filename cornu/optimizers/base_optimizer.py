"""The engine-free optimizer base: arguments, learning rate, state variables, ``apply``.

A subclass creates its slot variables in ``build`` and writes ``update_step(gradient,
variable, learning_rate)`` in cornu ops. Built-in optimizers also name a multi-tensor rule
(``_fast_rule``); if the backend has it, and neither ``update_step`` nor ``_update_variables``
is overridden, ``apply`` runs the backend's fused version instead, decided once per build.

The hot path keeps Python numbers where it can: a constant learning rate, the step count and
built-in schedules are read as floats from mirrors of their Variables, which re-read the
device only when the Variable was written from outside (its version changed).
"""

from __future__ import annotations

import functools
import operator
import re
import warnings

from cornu.backend.common.naming import to_snake_case, uniquify
from cornu.optimizers.generic_apply import apply_generic
from cornu.optimizers.learning_rate_state import LearningRateState
from cornu.optimizers.legacy_arguments import pop_legacy_arguments

_UNDECIDED = object()
_is_none = functools.partial(operator.is_, None)

_COMMON_ARGUMENTS = (
    "learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, "
    "ema_momentum, ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, "
    "name (and the Keras 1/2 names lr, decay)"
)


class BaseOptimizer(LearningRateState):
    """Base class of optimizers: subclass it to write your own.

    Args:
        learning_rate: a float, a ``LearningRateSchedule``, or a callable taking no
            arguments and returning the learning rate.
        weight_decay: if set, variables are multiplied by ``1 - weight_decay * lr`` before
            each update (see ``exclude_from_weight_decay``).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this global L2 norm.
        use_ema: keep an exponential moving average of the variables.
        ema_momentum: the momentum of that average.
        ema_overwrite_frequency: every this many updates, copy the averages into the
            variables; None leaves that to ``finalize_variable_values``.
        loss_scale_factor: gradients are divided by this (pair with ``scale_loss``).
        gradient_accumulation_steps: update every this many calls, with the mean gradient.
        name: the optimizer's name, prefix of its variables' paths.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> class PlainSGD(optimizers.Optimizer):
        ...     def __init__(self, learning_rate=0.1, **kwargs):
        ...         super().__init__(learning_rate=learning_rate, **kwargs)
        ...     def update_step(self, gradient, variable, learning_rate):
        ...         self.assign_sub(variable, ops.multiply(gradient, learning_rate))
        >>> w = cornu.Variable([1.0, 2.0])
        >>> PlainSGD().apply([ops.array([1.0, 1.0])], [w])
        >>> [round(x, 6) for x in w.numpy().tolist()]
        [0.9, 1.9]
    """

    _fast_rule: str | None = None

    def __init__(
        self,
        learning_rate,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs,
    ):
        cls_name = type(self).__name__
        learning_rate, self._legacy_decay = pop_legacy_arguments(cls_name, learning_rate, kwargs)
        if kwargs:
            raise ValueError(
                f"{cls_name}: argument(s) not recognized: {sorted(kwargs)}. The common "
                f"optimizer arguments are: {_COMMON_ARGUMENTS}."
            )
        _check_arguments(
            cls_name, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, gradient_accumulation_steps,
        )
        self.name = name or uniquify(to_snake_case(cls_name))
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self._init_state()
        self._init_learning_rate(learning_rate)
        self._fast_apply = _UNDECIDED
        self._allow_fast_path = True
        self._local_step = 1

    # --- building -----------------------------------------------------------------------
    def build(self, variables) -> None:
        """Creates the optimizer's variables for the model ``variables`` (once).

        Subclasses create their slots after calling ``super().build(variables)``.
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average"
            )
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = [
                self.add_variable_from_reference(v, name="gradient_accumulator")
                for v in variables
            ]
        self._trainable_variables = variables
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(variables)}
        self.built = True
        self._fast_apply = _UNDECIDED

    def _choose_fast_path(self):
        """The backend's multi-tensor apply for this optimizer, or None for the generic one."""
        self._constrained = [
            i for i, v in enumerate(self._trainable_variables)
            if getattr(v, "constraint", None) is not None
        ]
        if not self._allow_fast_path or self._fast_rule is None:
            return None
        cls = type(self)
        owner = next(c for c in cls.__mro__ if "_fast_rule" in c.__dict__)
        if cls.update_step is not owner.update_step or (
            cls._update_variables is not owner._update_variables
        ):
            return None
        if any(getattr(v, "overwrite_with_gradient", False) for v in self._trainable_variables):
            return None
        return self._engine.make_fast_apply(self)

    # --- applying -----------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies ``(gradient, variable)`` pairs; returns ``iterations``.

        Example:
            >>> import cornu
            >>> from cornu import ops, optimizers
            >>> w = cornu.Variable([1.0])
            >>> _ = optimizers.SGD(0.5).apply_gradients([(ops.array([1.0]), w)])
            >>> w.numpy().tolist()
            [0.5]
        """
        grads, variables = zip(*grads_and_vars)
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Updates the variables from their gradients: one optimizer step.

        Args:
            grads: one gradient per variable (None for a variable without gradient).
            trainable_variables: the variables; may be omitted once the optimizer is built,
                and then ``grads`` follow the order of the variables it was built with. The
                first call builds the optimizer.

        Example:
            >>> import cornu
            >>> from cornu import ops, optimizers
            >>> w = cornu.Variable([1.0, -1.0])
            >>> optimizers.SGD(learning_rate=0.1).apply([ops.array([1.0, -1.0])], [w])
            >>> [round(x, 6) for x in w.numpy().tolist()]
            [0.9, -0.9]
        """
        if type(grads) is not list:
            grads = list(grads)
        if not grads:
            return
        idx = self._select(grads, trainable_variables)
        if any(map(_is_none, grads)):
            grads, idx = self._drop_missing(grads, idx)
        fast = self._fast_apply
        if fast is _UNDECIDED:
            fast = self._fast_apply = self._choose_fast_path()
        step = self._step.get()
        lr = self._learning_rate_at(step)
        if fast is not None:
            fast(grads, idx, lr, step)
        else:
            tv = self._trainable_variables
            variables = tv if idx is None else [tv[i] for i in idx]
            with self._engine.no_grad():
                apply_generic(self, grads, variables, lr, step)
        if self._constrained:
            self._apply_constraints(idx)
        self._step.increment()

    def _select(self, grads: list, variables) -> list | None:
        """Indices of ``variables`` in the built list; None when they are that list."""
        built = self._trainable_variables
        if variables is None:
            if not self.built:
                raise ValueError(
                    f"{self.name}: `apply(grads)` without variables needs a built optimizer. "
                    "Pass the variables, or call `optimizer.build(trainable_variables)`."
                )
            variables = built
        elif not isinstance(variables, (list, tuple)):
            variables = list(variables)
        if not self.built:
            self.build(variables)
            built = self._trainable_variables
        if len(grads) != len(variables):
            raise ValueError(
                f"{self.name}: got {len(grads)} gradients for {len(variables)} variables; "
                "pass exactly one gradient (or None) per variable."
            )
        if len(variables) == len(built) and all(map(operator.is_, variables, built)):
            return None
        index = self._trainable_variables_indices
        try:
            return [index[id(v)] for v in variables]
        except KeyError:
            unknown = [getattr(v, "path", v) for v in variables if id(v) not in index]
            raise ValueError(
                f"{self.name}: unknown variable(s) {unknown}. An optimizer only updates the "
                "variables it was built with; create a new optimizer for other variables."
            ) from None

    def _drop_missing(self, grads: list, idx):
        idx = list(range(len(grads))) if idx is None else idx
        kept = [(g, i) for g, i in zip(grads, idx) if g is not None]
        missing = [self._trainable_variables[i].path for g, i in zip(grads, idx) if g is None]
        if not kept:
            raise ValueError(f"{self.name}: no gradients provided for any variable.")
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the loss. If "
            "using `model.compile()`, did you forget to provide a `loss` argument?",
            stacklevel=3,
        )
        return [g for g, _ in kept], [i for _, i in kept]

    def _apply_constraints(self, idx) -> None:
        chosen = self._constrained if idx is None else sorted(set(self._constrained) & set(idx))
        with self._engine.no_grad():
            for i in chosen:
                variable = self._trainable_variables[i]
                variable.assign(variable.constraint(variable))

    def _update_variables(self, grads: list, variables: list, learning_rate) -> None:
        """Runs ``update_step`` on each variable (the generic path)."""
        for gradient, variable in zip(grads, variables):
            self.update_step(gradient, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        """Updates one variable from its gradient; subclasses implement it in cornu ops."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `update_step(gradient, variable, "
            "learning_rate)`."
        )

    def scale_loss(self, loss):
        """Multiplies ``loss`` by ``loss_scale_factor`` (if set), before taking gradients."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # --- weight decay and moving averages ------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Exempts variables from weight decay.

        Args:
            var_list: variables to exempt.
            var_names: substrings (regular expressions); a variable whose name contains one
                is exempt, e.g. ``["bias"]``.
        """
        self._exclude_from_weight_decay = {id(v) for v in (var_list or [])}
        self._exclude_from_weight_decay_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None
        )
        self._exclude_from_weight_decay_cache = {}
        self._fast_apply = _UNDECIDED

    def _use_weight_decay(self, variable) -> bool:
        cache = self._exclude_from_weight_decay_cache
        key = id(variable)
        if key not in cache:
            pattern = self._exclude_from_weight_decay_pattern
            cache[key] = key not in self._exclude_from_weight_decay and (
                pattern is None or pattern.search(variable.name) is None
            )
        return cache[key]

    def finalize_variable_values(self, var_list) -> None:
        """With ``use_ema``, copies the moving averages into ``var_list`` (end of training)."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    def _overwrite_model_variables_with_average_value(self, var_list) -> None:
        averages = self._model_variables_moving_average
        if len(var_list) != len(averages):
            raise ValueError(
                f"{self.name}: got {len(var_list)} variables to overwrite, but the optimizer "
                f"holds {len(averages)} moving averages. Pass the variables it was built with."
            )
        for variable, average in zip(var_list, averages):
            if average is not None:
                variable.assign(average)

    # --- config -------------------------------------------------------------------------
    def get_config(self) -> dict:
        """The constructor arguments, JSON-friendly (schedules serialized)."""
        config = {
            "name": self.name,
            "learning_rate": self._learning_rate_config(),
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        if self._legacy_decay:
            config["decay"] = self._legacy_decay
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        """Creates an optimizer from ``get_config`` output (without its state)."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            from cornu.optimizers.schedules import deserialize

            config["learning_rate"] = deserialize(config["learning_rate"], custom_objects)
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} built={self.built}>"


def _check_arguments(cls_name, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
                     ema_overwrite_frequency, gradient_accumulation_steps) -> None:
    if gradient_accumulation_steps is not None and (
        not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2
    ):
        raise ValueError(
            f"{cls_name}: `gradient_accumulation_steps` must be an integer >= 2 (or None). "
            f"Received: gradient_accumulation_steps={gradient_accumulation_steps!r}"
        )
    if use_ema:
        if not 0 <= ema_momentum <= 1:
            raise ValueError(
                f"{cls_name}: `ema_momentum` must be in [0, 1]. Received: {ema_momentum}"
            )
        if ema_overwrite_frequency is not None and (
            not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
        ):
            raise ValueError(
                f"{cls_name}: `ema_overwrite_frequency` must be an integer >= 1 or None. "
                f"Received: ema_overwrite_frequency={ema_overwrite_frequency!r}"
            )
    given = [n for n, v in (("clipnorm", clipnorm), ("clipvalue", clipvalue),
                            ("global_clipnorm", global_clipnorm)) if v is not None]
    if len(given) > 1:
        raise ValueError(
            f"{cls_name}: only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
            f"set. Received: {', '.join(given)}."
        )
