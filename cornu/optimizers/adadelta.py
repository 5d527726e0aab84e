"""Adadelta: step sizes from running averages of squared gradients and squared updates."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012).

    ``ag = rho * ag + (1 - rho) * g**2``;
    ``delta = -sqrt(ad + epsilon) / sqrt(ag + epsilon) * g``;
    ``ad = rho * ad + (1 - rho) * delta**2``; ``w += lr * delta``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001
            (the original paper uses 1.0).
        rho: decay rate of the running averages.
        epsilon: small constant for numerical stability.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.Adadelta(learning_rate=1.0).apply([ops.array([1.0])], [w])
        >>> float(w.numpy()[0]) < 1.0
        True
    """
    _fast_rule = "adadelta"

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
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
        self.epsilon = backend.epsilon() if epsilon is None else epsilon

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            variables, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        rho, eps = self.rho, self.epsilon
        acc_grad, acc_delta = self._accumulated_grads[i], self._accumulated_delta_vars[i]
        self.assign(acc_grad, acc_grad * rho + ops.square(gradient) * (1.0 - rho))
        delta = ops.sqrt(acc_delta + eps) * gradient / ops.sqrt(acc_grad + eps)
        self.assign(acc_delta, acc_delta * rho + ops.square(delta) * (1.0 - rho))
        self.assign_sub(variable, delta * learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
