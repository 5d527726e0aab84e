"""Adamax: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax (section 7 of the Adam paper).

    ``m += (g - m) * (1 - beta_1)``, ``u = max(beta_2 * u, |g|)``, then
    ``w -= lr / (1 - beta_1**t) * m / (u + epsilon)``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate.
        beta_2: decay rate of the weighted infinity norm.
        epsilon: small constant for numerical stability.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.Adamax(learning_rate=0.1).apply([ops.array([2.0])], [w])
        >>> round(float(w.numpy()[0]), 5)
        0.9
    """
    _fast_rule = "adamax"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = backend.epsilon() if epsilon is None else epsilon

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self._m, self._u = self.add_optimizer_variables(variables, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        m, u = self._m[i], self._u[i]
        self.assign_add(m, (gradient - m) * (1.0 - self.beta_1))
        self.assign(u, ops.maximum(u * self.beta_2, ops.abs(gradient)))
        scale = learning_rate / (1.0 - self.beta_1**self._local_step)
        self.assign_sub(variable, m / (u + self.epsilon) * scale)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
