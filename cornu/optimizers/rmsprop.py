"""RMSprop: gradient steps divided by a running root-mean-square of the gradients."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture 6e), with optional momentum and centering.

    ``v = rho * v + (1 - rho) * g**2``; with ``centered=True`` also
    ``a = rho * a + (1 - rho) * g`` and ``v - a**2`` replaces ``v`` below;
    ``step = lr * g / sqrt(v + epsilon)``; with momentum ``s = momentum * s + step`` and
    ``w -= s``, else ``w -= step``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        rho: decay rate of the running average of squared gradients.
        momentum: momentum factor (0 disables it).
        epsilon: small constant for numerical stability.
        centered: normalize by the estimated variance instead of the second moment.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.RMSprop(learning_rate=0.01, rho=0.0).apply([ops.array([2.0])], [w])
        >>> round(float(w.numpy()[0]), 6)
        0.99
    """
    _fast_rule = "rmsprop"

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
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
        self.rho = rho
        self.momentum = momentum
        self.epsilon = backend.epsilon() if epsilon is None else epsilon
        self.centered = centered

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self._velocities = self.add_optimizer_variables(variables, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(variables, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(variables, "average_gradient")

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        rho = self.rho
        velocity = self._velocities[i]
        self.assign(velocity, velocity * rho + ops.square(gradient) * (1.0 - rho))
        if self.centered:
            average = self._average_gradients[i]
            self.assign(average, average * rho + gradient * (1.0 - rho))
            denominator = velocity - ops.square(average) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = gradient / ops.sqrt(denominator) * learning_rate
        if self.momentum > 0:
            momentum = self._momentums[i]
            self.assign(momentum, momentum * self.momentum + increment)
            self.assign_sub(variable, momentum)
        else:
            self.assign_sub(variable, increment)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
