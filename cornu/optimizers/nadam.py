"""Nadam: Adam with Nesterov momentum (Dozat, 2016)."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.base_state import ScalarMirror
from cornu.optimizers.optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam: Adam whose first-moment term looks one step ahead, with a momentum schedule.

    With ``u_t = beta_1 * (1 - 0.5 * 0.96**t)`` and ``P_t`` the product of ``u_1..u_t``:
    ``m_hat = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)``,
    ``v_hat = v / (1 - beta_2**t)`` and ``w -= lr * m_hat / (sqrt(v_hat) + epsilon)``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate.
        beta_2: decay rate of the second-moment estimate.
        epsilon: small constant for numerical stability.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr``, ``decay`` and ``schedule_decay`` (ignored).

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.Nadam(learning_rate=0.1).apply([ops.array([2.0])], [w])
        >>> float(w.numpy()[0]) < 1.0
        True
    """

    _fast_rule = "nadam"

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
        variables = list(variables)
        dtype = backend.standardize_dtype(variables[0].dtype) if variables else None
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype,
                                            name="u_product")
        self._u_product_mirror = ScalarMirror(self._u_product, 1.0)

    def _momentum_factor(self, t: int) -> float:
        return self.beta_1 * (1.0 - 0.5 * 0.96**t)

    def _update_variables(self, grads, variables, learning_rate) -> None:
        mirror = self._u_product_mirror
        mirror.set(mirror.get() * self._momentum_factor(self._local_step))
        super()._update_variables(grads, variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        t = self._local_step
        u_t, u_next = self._momentum_factor(t), self._momentum_factor(t + 1)
        u_product = self._u_product_mirror.value
        self.assign_add(m, (gradient - m) * (1.0 - self.beta_1))
        self.assign_add(v, (ops.square(gradient) - v) * (1.0 - self.beta_2))
        m_hat = m * (u_next / (1.0 - u_product * u_next)) + gradient * (
            (1.0 - u_t) / (1.0 - u_product)
        )
        v_hat = v * (1.0 / (1.0 - self.beta_2**t))
        self.assign_sub(variable, m_hat / (ops.sqrt(v_hat) + self.epsilon) * learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
