"""Lamb: layer-wise adaptive moments for large batches (You et al., 2019)."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class Lamb(Optimizer):
    """Lamb: an Adam step rescaled per variable by its trust ratio.

    ``update = m_hat / (sqrt(v_hat) + epsilon)`` as in Adam (bias-corrected), then
    ``w -= lr * ratio * update`` with ``ratio = ||w|| / ||update||`` (1 when either norm
    is 0).

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate.
        beta_2: decay rate of the second-moment estimate.
        epsilon: small constant for numerical stability.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([3.0, 4.0])
        >>> optimizers.Lamb(learning_rate=0.1).apply([ops.array([1.0, 1.0])], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [2.6464, 3.6464]
    """

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
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        t = self._local_step
        self.assign_add(m, (gradient - m) * (1.0 - self.beta_1))
        self.assign_add(v, (ops.square(gradient) - v) * (1.0 - self.beta_2))
        m_hat = m / (1.0 - self.beta_1**t)
        v_sqrt = ops.sqrt(v / (1.0 - self.beta_2**t)) + self.epsilon
        update = m_hat / v_sqrt
        w_norm = ops.sqrt(ops.sum(ops.square(variable)))
        u_norm = ops.sqrt(ops.sum(ops.square(update)))
        ratio = ops.where((w_norm > 0) & (u_norm > 0), w_norm / u_norm, 1.0)
        self.assign_sub(variable, update * ratio * learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
