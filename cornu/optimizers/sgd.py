"""Stochastic gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with momentum.

    Without momentum: ``w -= learning_rate * g``. With momentum:
    ``m = momentum * m - learning_rate * g`` then ``w += m``, or with ``nesterov=True``
    ``w += momentum * m - learning_rate * g``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.01.
        momentum: float in [0, 1] that accelerates descent along consistent directions.
        nesterov: use Nesterov momentum.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> opt = optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.apply([ops.array([1.0])], [w])
        >>> round(float(w.numpy()[0]), 6)
        0.71
    """

    _fast_rule = "sgd"

    def __init__(
        self,
        learning_rate=0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
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
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not (
            0 <= momentum <= 1
        ):
            raise ValueError(f"SGD: `momentum` must be a float in [0, 1]. Received: {momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = nesterov

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        step = gradient * learning_rate
        if self.momentum == 0:
            self.assign_sub(variable, step)
            return
        m = self.momentums[self._get_variable_index(variable)]
        self.assign(m, m * self.momentum - step)
        if self.nesterov:
            self.assign_add(variable, m * self.momentum - step)
        else:
            self.assign_add(variable, m)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
