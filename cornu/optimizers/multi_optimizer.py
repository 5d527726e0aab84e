"""Different optimizers for different variables: ``OptimizerMap`` and ``MultiOptimizer``."""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from cornu.optimizers.loss_scale_optimizer import LossScaleOptimizer
from cornu.optimizers.optimizer import Optimizer
from cornu.optimizers.wrapper_io import WrapperVariablesIO


def _check_inner(optimizer, what: str) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{what} must be a cornu Optimizer instance, e.g. `cornu.optimizers.Adam()`. "
            f"Received: {optimizer!r}"
        )
    if isinstance(optimizer, LossScaleOptimizer):
        raise ValueError(
            f"{what} cannot be a LossScaleOptimizer: loss scaling is set on the "
            "MultiOptimizer (`loss_scale_factor`)."
        )
    if isinstance(optimizer, MultiOptimizer):
        raise ValueError(f"{what} cannot be a MultiOptimizer (they do not nest).")


class OptimizerMap(MutableMapping):
    """Maps variable paths to optimizers, with a default for unmatched variables.

    A path first looks for an exact key; otherwise the keys are regular expressions that
    must match the whole path (``re.fullmatch``): ``"encoder/.*"`` covers every variable
    under ``encoder``. A path matched by two patterns is an error. Calling the map on a
    variable returns the optimizer for ``variable.path``.

    Args:
        default_optimizer: the optimizer of variables no key matches.
        optimizer_map: an optional dict ``{path or pattern: optimizer}``.

    Example:
        >>> from cornu import optimizers
        >>> mapping = optimizers.OptimizerMap(optimizers.SGD(name="sgd"))
        >>> mapping["encoder/.*"] = optimizers.Adam(name="adam")
        >>> mapping["encoder/dense/kernel"].name, mapping["decoder/dense/kernel"].name
        ('adam', 'sgd')
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "OptimizerMap: `default_optimizer` must be a cornu Optimizer instance. "
                f"Received: {default_optimizer!r}"
            )
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(
                "OptimizerMap: `optimizer_map` must be a dict {path pattern: optimizer}. "
                f"Received: {optimizer_map!r}"
            )
        self._default_optimizer = default_optimizer
        self._optimizer_map = dict(optimizer_map or {})

    @property
    def default_optimizer(self):
        """The optimizer of variables that no key matches."""
        return self._default_optimizer

    def __getitem__(self, key):
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matches = [p for p in self._optimizer_map if re.fullmatch(p, key)]
        if len(matches) > 1:
            raise ValueError(
                f"OptimizerMap: variable {key!r} matches several patterns {matches}; "
                "make the patterns exclusive."
            )
        if matches:
            return self._optimizer_map[matches[0]]
        return self._default_optimizer

    def __setitem__(self, key, optimizer) -> None:
        if key in self._optimizer_map:
            raise ValueError(
                f"OptimizerMap: {key!r} is already mapped to {self._optimizer_map[key]!r}; "
                "keys must be unique."
            )
        if not isinstance(key, str):
            raise ValueError(f"OptimizerMap: keys must be strings. Received: {key!r}")
        _check_inner(optimizer, f"OptimizerMap[{key!r}]")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key) -> None:
        del self._optimizer_map[key]

    def __len__(self) -> int:
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable):
        """The optimizer for ``variable`` (looked up by its path)."""
        return self[variable.path]

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        return {
            "default_optimizer": serialize_keras_object(self._default_optimizer),
            "optimizer_map": serialize_keras_object(self._optimizer_map),
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        default = deserialize_keras_object(config["default_optimizer"],
                                           custom_objects=custom_objects)
        mapping = deserialize_keras_object(config.get("optimizer_map"),
                                           custom_objects=custom_objects)
        return cls(default, mapping)


class MultiOptimizer(WrapperVariablesIO, Optimizer):
    """Hands each variable to its own optimizer.

    Args:
        optimizer_map: an ``OptimizerMap``, or a callable taking a variable and returning
            its optimizer (called once per variable, when the optimizer is built).
        loss_scale_factor: set on every inner optimizer (replacing theirs).
        name: the optimizer's name.

    The inner optimizers are listed by ``optimizers``; each keeps its own learning rate
    and step count (a MultiOptimizer has no ``learning_rate``). ``variables`` are the
    MultiOptimizer's own followed by each inner optimizer's.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> mapping = optimizers.OptimizerMap(optimizers.SGD(0.1), {"fast": optimizers.SGD(1.0)})
        >>> opt = optimizers.MultiOptimizer(mapping)
        >>> slow, fast = cornu.Variable([1.0], name="slow"), cornu.Variable([1.0], name="fast")
        >>> opt.apply([ops.array([0.5]), ops.array([0.5])], [slow, fast])
        >>> round(float(slow.numpy()[0]), 6), round(float(fast.numpy()[0]), 6)
        (0.95, 0.5)
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        if not callable(optimizer_map):
            raise TypeError(
                "MultiOptimizer: `optimizer_map` must be an OptimizerMap or a callable "
                f"taking a variable and returning its optimizer. Received: {optimizer_map!r}"
            )
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        self._inner_optimizers: list = []
        candidates = list(optimizer_map.values()) if hasattr(optimizer_map, "values") else []
        default = getattr(optimizer_map, "default_optimizer", None)
        if default is not None:
            candidates.append(default)
        for optimizer in candidates:
            _check_inner(optimizer, "MultiOptimizer: an inner optimizer")
            self._add_inner(optimizer)

    def _add_inner(self, optimizer) -> int:
        for i, known in enumerate(self._inner_optimizers):
            if known is optimizer:
                return i
        optimizer.loss_scale_factor = self.loss_scale_factor
        self._inner_optimizers.append(optimizer)
        return len(self._inner_optimizers) - 1

    def build(self, variables) -> None:
        """Asks the map for each variable's optimizer and builds each on its variables."""
        if self.built:
            return
        variables = list(variables)
        owner = {}
        for variable in variables:
            optimizer = self._optimizer_map(variable)
            _check_inner(optimizer, f"MultiOptimizer: the optimizer of {variable.path!r}")
            owner[id(variable)] = self._add_inner(optimizer)
        groups = [[] for _ in self._inner_optimizers]
        for variable in variables:
            groups[owner[id(variable)]].append(variable)
        for optimizer, group in zip(self._inner_optimizers, groups):
            if group:
                optimizer.build(group)
        self._owner = owner
        # The base build minus its moving-average and accumulation slots (inner business).
        self._trainable_variables = variables
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    @property
    def optimizers(self) -> list:
        """The inner optimizers (the list itself)."""
        return self._inner_optimizers

    @property
    def variables(self) -> list:
        """The MultiOptimizer's variables followed by each inner optimizer's."""
        out = self._variables[:]
        for optimizer in self._inner_optimizers:
            out.extend(optimizer.variables)
        return out

    @property
    def learning_rate(self):
        raise AttributeError(
            "MultiOptimizer has no learning rate: read it on the inner optimizers "
            "(`optimizer.optimizers`)."
        )

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        raise AttributeError(
            "MultiOptimizer has no learning rate: set it on the inner optimizers "
            "(`optimizer.optimizers`)."
        )

    @property
    def loss_scale_factor(self):
        """Divides the gradients in every inner optimizer; setting it sets theirs."""
        return self.__dict__.get("_loss_scale_factor")

    @loss_scale_factor.setter
    def loss_scale_factor(self, value) -> None:
        self._loss_scale_factor = value
        for optimizer in self.__dict__.get("_inner_optimizers", ()):
            optimizer.loss_scale_factor = value

    def apply(self, grads, trainable_variables=None) -> None:
        """Splits ``grads`` by optimizer and applies each group with its optimizer."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"{self.name}: `apply(grads)` without variables needs a built optimizer. "
                    "Pass the variables, or call `optimizer.build(trainable_variables)`."
                )
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        if len(grads) != len(self._trainable_variables) or len(trainable_variables) != len(
            grads
        ):
            raise ValueError(
                f"{self.name}: got {len(grads)} gradients for {len(trainable_variables)} "
                f"variables, but the optimizer was built on {len(self._trainable_variables)} "
                "variables; pass one gradient (or None) for each of them."
            )
        groups = [([], []) for _ in self._inner_optimizers]
        for gradient, variable in zip(grads, trainable_variables):
            index = self._owner.get(id(variable))
            if index is None:
                raise ValueError(
                    f"{self.name}: unknown variable {variable.path!r}; a MultiOptimizer only "
                    "updates the variables it was built with."
                )
            groups[index][0].append(gradient)
            groups[index][1].append(variable)
        for optimizer, (group_grads, group_vars) in zip(self._inner_optimizers, groups):
            if group_grads:
                optimizer.apply(group_grads, group_vars)
        self._step.increment()

    def finalize_variable_values(self, var_list) -> None:
        if not self.built:
            return
        groups = [[] for _ in self._inner_optimizers]
        for variable in var_list:
            groups[self._owner[id(variable)]].append(variable)
        for optimizer, group in zip(self._inner_optimizers, groups):
            if group:
                optimizer.finalize_variable_values(group)

    @property
    def use_ema(self) -> bool:
        """Whether an inner optimizer keeps moving averages (so ``fit`` finalizes them)."""
        return any(o.use_ema for o in self.__dict__.get("_inner_optimizers", ()))

    @use_ema.setter
    def use_ema(self, value) -> None:
        if value:
            raise ValueError("MultiOptimizer: set `use_ema` on the inner optimizers.")

    # --- saving ---------------------------------------------------------------------------
    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        return {
            "optimizer_map": serialize_keras_object(self._optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        config["optimizer_map"] = deserialize_keras_object(config["optimizer_map"],
                                                           custom_objects=custom_objects)
        return cls(**config)
