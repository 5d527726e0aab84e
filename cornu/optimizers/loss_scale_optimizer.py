"""``LossScaleOptimizer``: dynamic loss scaling for float16 training (Keras 3's rules)."""

from __future__ import annotations

import numpy as np

from cornu import ops
from cornu.optimizers.base_state import ScalarMirror
from cornu.optimizers.optimizer import Optimizer
from cornu.optimizers.wrapper_io import WrapperVariablesIO

# Arguments of the base optimizer that Keras writes into old LossScaleOptimizer configs:
# accepted at their defaults only (they belong to the inner optimizer).
_BASE_DEFAULTS = {
    "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
    "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
    "loss_scale_factor": None, "gradient_accumulation_steps": None,
}


def _float32(value) -> float:
    """``value`` rounded to float32, as the ``dynamic_scale`` variable holds it."""
    return float(np.float32(value))


class LossScaleOptimizer(WrapperVariablesIO, Optimizer):
    """Wraps an optimizer to scale the loss up before gradients are taken, so that small
    float16 gradients do not underflow, and the gradients back down before the update.

    The scale adapts: a step whose gradients hold an inf or NaN is skipped and halves the
    scale; ``dynamic_growth_steps`` finite steps in a row double it. ``Model.compile``
    wraps the optimizer in one automatically when the model's policy is "mixed_float16".

    Args:
        inner_optimizer: the ``Optimizer`` that applies the unscaled gradients.
        initial_scale: the starting loss scale (large: too high a scale falls fast).
        dynamic_growth_steps: finite steps between doublings of the scale.
        name: the optimizer's name.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> opt = optimizers.LossScaleOptimizer(optimizers.SGD(0.1), initial_scale=8.0)
        >>> w = cornu.Variable([1.0])
        >>> opt.apply([ops.array([8.0])], [w])  # a scaled gradient: 8 * 1.0
        >>> round(float(w.numpy()[0]), 6)
        0.9
        >>> opt.apply([ops.array([float("inf")])], [w])  # skipped; the scale halves
        >>> round(float(w.numpy()[0]), 6), float(opt.dynamic_scale.numpy())
        (0.9, 4.0)
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer: `dynamic=False` is not supported (as in Keras 3). For a "
                "fixed scale, set `loss_scale_factor` on the inner optimizer instead."
            )
        for key, default in _BASE_DEFAULTS.items():
            if key in kwargs and kwargs.pop(key) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not take `{key}`: set it on the inner "
                    "optimizer instead."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer: argument(s) not recognized: {sorted(kwargs)}. It takes "
                "inner_optimizer, initial_scale, dynamic_growth_steps and name."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "LossScaleOptimizer: `inner_optimizer` must be an Optimizer instance, e.g. "
                f"`cornu.optimizers.Adam()`. Received: {inner_optimizer!r}"
            )
        if not isinstance(dynamic_growth_steps, int) or dynamic_growth_steps < 1:
            raise ValueError(
                "LossScaleOptimizer: `dynamic_growth_steps` must be an integer >= 1. "
                f"Received: {dynamic_growth_steps!r}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        # The inner optimizer must not unscale a second time.
        self.inner_optimizer.loss_scale_factor = None

    def build(self, var_list) -> None:
        """Creates ``step_counter`` and ``dynamic_scale``, then builds the inner optimizer."""
        if self.built:
            return
        self.step_counter = self.add_variable(
            shape=(), dtype="int32", initializer="zeros", name="step_counter")
        self.dynamic_scale = self.add_variable(
            shape=(), dtype="float32", initializer=float(self.initial_scale),
            name="dynamic_scale")
        # Python mirrors: unscaling and counting read no value back from the device.
        self._counter = ScalarMirror(self.step_counter, 0, int)
        self._scale = ScalarMirror(self.dynamic_scale, self.initial_scale, _float32)
        self.inner_optimizer.build(var_list)
        # The base build minus its EMA and accumulation slots (the inner optimizer's job).
        self._trainable_variables = list(var_list)
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    @property
    def variables(self) -> list:
        """The wrapper's variables followed by the inner optimizer's (Keras's order)."""
        return self._variables + self.inner_optimizer.variables

    # --- the step -----------------------------------------------------------------------
    def scale_loss(self, loss):
        """``loss`` multiplied by the current loss scale."""
        return ops.multiply(loss, self._scale.get() if self.built else self.initial_scale)

    def check_finite(self, grads):
        """A boolean scalar: whether every gradient is free of inf and NaN."""
        finite = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        return ops.all(ops.stack(finite)) if finite else ops.convert_to_tensor(True)

    def apply(self, grads, trainable_variables=None) -> None:
        """Unscales ``grads`` and applies them with the inner optimizer, or, when one of
        them is not finite, skips the step and halves the scale."""
        if type(grads) is not list:
            grads = list(grads)
        if not self.built:
            if trainable_variables is None:
                raise ValueError(
                    f"{self.name}: the first `apply` must be given the variables, or call "
                    "`optimizer.build(trainable_variables)` first."
                )
            self.build(list(trainable_variables))
        if bool(ops.convert_to_numpy(self.check_finite(grads))):
            self._apply_finite(grads, trainable_variables)
        else:
            self._counter.set(0)
            self._scale.set(self._scale.get() * 0.5)

    def _apply_finite(self, grads, trainable_variables) -> None:
        scale = self._scale.get()
        variables = trainable_variables if trainable_variables is not None else (
            self._trainable_variables)
        unscaled = [
            g if g is None or getattr(v, "overwrite_with_gradient", False)
            else ops.divide(g, scale)
            for g, v in zip(grads, variables)
        ]
        self.inner_optimizer.apply(unscaled, trainable_variables=trainable_variables)
        if self._counter.get() == self.dynamic_growth_steps - 1:
            self._counter.set(0)
            self._scale.set(scale * 2.0)
        else:
            self._counter.increment()

    def finalize_variable_values(self, var_list) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    # --- delegated to the inner optimizer ------------------------------------------------
    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    @property
    def use_ema(self) -> bool:
        """The inner optimizer's (so that ``fit`` finalizes its moving averages)."""
        inner = self.__dict__.get("inner_optimizer")
        return bool(inner is not None and inner.use_ema)

    @use_ema.setter
    def use_ema(self, value) -> None:
        if value:
            raise ValueError("LossScaleOptimizer: set `use_ema` on the inner optimizer.")

    # --- saving ---------------------------------------------------------------------------
    def get_config(self) -> dict:
        from cornu.optimizers.lookup import serialize

        return {
            "name": self.name,
            "inner_optimizer": serialize(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.optimizers.lookup import deserialize

        config = dict(config)
        inner = deserialize(config.pop("inner_optimizer"), custom_objects=custom_objects)
        return cls(inner, **config)
