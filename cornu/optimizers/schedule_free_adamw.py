"""Schedule-Free AdamW (Defazio et al., 2024): averaging in place of a learning-rate decay."""

from __future__ import annotations

import numpy as np

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """AdamW without a schedule: the weights interpolate between a fast iterate and a
    running average of it, which stands in for the decay of the learning rate.

    Each variable keeps ``z`` (the "momentum" slot, starting at the variable's value) and
    Adam's second moment ``v``. A step (``t`` = 1, 2, ...) computes
    ``v += (g**2 - v) * (1 - beta_2)``, ``z -= lr_t * g / (sqrt(v / (1 - beta_2**t)) +
    epsilon)`` with ``lr_t = lr * min(t / warmup_steps, 1)``, then moves the variable to
    ``(1 - beta_1) * z + beta_1 * x`` where ``x`` is the ``1/t`` running average of ``z``.
    As Keras's torch backend does, ``x`` is recovered from the variable with the already
    updated ``z``. There is no train/eval swap of weights (Keras has none either): the
    variables always hold the interpolated point.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.0025.
        beta_1: the interpolation factor between ``z`` and its average.
        beta_2: decay rate of the second-moment estimate.
        epsilon: small constant for numerical stability.
        warmup_steps: the learning rate rises linearly over this many steps (0: none).
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``).

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.ScheduleFreeAdamW(learning_rate=0.1).apply([ops.array([0.5])], [w])
        >>> round(float(w.numpy()[0]), 4)
        0.9
    """

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-8,
        warmup_steps: int = 0,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        if not 0 < beta_1 <= 1:
            raise ValueError(
                f"ScheduleFreeAdamW: `beta_1` must be in (0, 1]. Received: beta_1={beta_1}"
            )
        if warmup_steps is None or warmup_steps < 0:
            raise ValueError(
                "ScheduleFreeAdamW: `warmup_steps` must be a number >= 0. "
                f"Received: warmup_steps={warmup_steps!r}"
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def build(self, variables) -> None:
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        for z, variable in zip(self._momentums, variables):
            if z is not None:
                z.assign(variable)

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        z, v = self._momentums[i], self._velocities[i]
        # The scalars in the variable's precision (Keras computes them as tensors of it).
        f = np.float64 if backend.standardize_dtype(variable.dtype) == "float64" else np.float32
        one, t = f(1.0), f(self._local_step)
        b1, b2 = f(self.beta_1), f(self.beta_2)
        if self.warmup_steps > 0:
            learning_rate = learning_rate * float(min(t / f(self.warmup_steps), one))
        self.assign_add(v, (ops.square(gradient) - v) * float(one - b2))
        denom = ops.sqrt(v / float(one - b2**t)) + float(f(self.epsilon))
        self.assign_sub(z, learning_rate * gradient / denom)
        weight = one / t
        # The average x, recovered from y = (1 - b1) * z + b1 * x with the updated z.
        average = (variable - z * float(one - b1)) / float(b1)
        average = average * float(one - weight) + z * float(weight)
        self.assign(variable, z * float(one - b1) + average * float(b1))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "warmup_steps": self.warmup_steps,
            }
        )
        return config

