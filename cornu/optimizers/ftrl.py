"""FTRL-Proximal: follow the regularized leader (McMahan et al., 2013)."""

from __future__ import annotations

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL-Proximal with L1, L2 and L2-shrinkage regularization, for wide sparse models.

    Per coordinate, with ``p = -learning_rate_power`` and ``n`` the accumulated squared
    gradients: ``z += g + 2 * l2_shrinkage * w - (n_new**p - n**p) / lr * w``, then
    ``w = (clip(z, -l1, l1) - z) / (n_new**p / lr + 2 * (l2 + beta / (2 * lr)))``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        learning_rate_power: how the step shrinks with accumulated gradients (<= 0).
        initial_accumulator_value: starting value of the accumulators (>= 0).
        l1_regularization_strength: L1 strength (>= 0).
        l2_regularization_strength: L2 strength (>= 0).
        l2_shrinkage_regularization_strength: L2 shrinkage strength (>= 0), applied to the
            gradient rather than the loss.
        beta: the beta of the FTRL-Proximal paper.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([0.0])
        >>> optimizers.Ftrl(learning_rate=0.1).apply([ops.array([1.0])], [w])
        >>> float(w.numpy()[0]) < 0.0
        True
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
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
        for argument, value in (
            ("initial_accumulator_value", initial_accumulator_value),
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength),
        ):
            if value < 0.0:
                raise ValueError(
                    f"Ftrl: `{argument}` must be >= 0. Received: {argument}={value}"
                )
        if learning_rate_power > 0.0:
            raise ValueError(
                "Ftrl: `learning_rate_power` must be <= 0. Received: "
                f"learning_rate_power={learning_rate_power}"
            )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulators, self._linears = self.add_optimizer_variables(
            variables,
            ["accumulator", "linear"],
            initializer=[float(self.initial_accumulator_value), "zeros"],
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        lr = learning_rate
        i = self._get_variable_index(variable)
        accum, linear = self._accumulators[i], self._linears[i]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = gradient + variable * (2.0 * self.l2_shrinkage_regularization_strength)
        new_accum = accum + ops.square(gradient)
        new_power = ops.power(new_accum, power)
        self.assign_add(
            linear, grad_to_use - (new_power - ops.power(accum, power)) / lr * variable
        )
        quadratic = new_power / lr + 2.0 * l2
        self.assign(variable, (ops.clip(linear, -l1, l1) - linear) / quadratic)
        self.assign(accum, new_accum)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": (
                    self.l2_shrinkage_regularization_strength
                ),
                "beta": self.beta,
            }
        )
        return config
