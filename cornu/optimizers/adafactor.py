"""Adafactor: Adam-like steps with factored second moments (Shazeer & Stern, 2018)."""

from __future__ import annotations

from cornu import backend, ops
from cornu.optimizers.optimizer import Optimizer


class Adafactor(Optimizer):
    """Adafactor: memory-light second moments (row and column averages for matrices).

    For a variable of rank >= 2 the squared gradients are averaged along the last axis (``r``)
    and the second-to-last (``c``), and ``v = r / mean(r) (outer) c``; smaller variables
    keep a full ``v``. The step ``g / sqrt(v)`` is clipped to RMS ``clip_threshold`` and
    scaled by ``max(epsilon_2, RMS(w)) * min(lr, 1 / sqrt(t))``.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        beta_2_decay: the decay rate of ``v`` is ``1 - t**beta_2_decay``.
        epsilon_1: added to squared gradients.
        epsilon_2: lower bound of the variable's RMS in the step scale.
        clip_threshold: the largest RMS of the unscaled step (separate from ``clipnorm``).
        relative_step: with a constant learning rate, cap it at ``1 / sqrt(t)``.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``), and
            the Keras 1/2 names ``lr`` and ``decay``.

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([[1.0, 2.0], [3.0, 4.0]])
        >>> optimizers.Adafactor(learning_rate=0.1).apply([ops.ones((2, 2))], [w])
        >>> bool((w.numpy() < [[1.0, 2.0], [3.0, 4.0]]).all())
        True
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay: float = -0.8,
        epsilon_1: float = 1e-30,
        epsilon_2: float = 1e-3,
        clip_threshold: float = 1.0,
        relative_step: bool = True,
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
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self._r, self._c, self._v = [], [], []
        for variable in variables:
            shape = tuple(variable.shape)
            dtype = backend.standardize_dtype(variable.dtype)
            if len(shape) < 2:
                # Unfactored: placeholders keep the variable order of Keras 3 files.
                for slots in (self._r, self._c):
                    slots.append(self._make_variable(0, variable.name, "int32"))
            elif getattr(variable, "overwrite_with_gradient", False):
                self._r.append(None)
                self._c.append(None)
            else:
                self._r.append(self.add_variable(shape[:-1], dtype=dtype, name=variable.name))
                self._c.append(
                    self.add_variable(shape[:-2] + shape[-1:], dtype=dtype, name=variable.name)
                )
            self._v.append(
                None if getattr(variable, "overwrite_with_gradient", False)
                else self.add_variable_from_reference(variable, "velocity")
            )

    @staticmethod
    def _rms(x):
        return ops.sqrt(ops.mean(ops.square(x)))

    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        r, c, v = self._r[i], self._c[i], self._v[i]
        t = float(self._local_step)
        step_cap = 1.0 / t**0.5
        minimum = min if isinstance(learning_rate, (int, float)) else ops.minimum
        lr = learning_rate
        if self._learning_rate is self._lr_variable and self.relative_step:
            lr = minimum(lr, step_cap)
        rho_t = minimum(lr, step_cap)
        alpha_t = ops.maximum(self._rms(variable), self.epsilon_2) * rho_t
        grad_square = ops.square(gradient) + self.epsilon_1
        beta_2_t = 1.0 - t**self.beta_2_decay
        if len(variable.shape) >= 2:
            self.assign(r, r * beta_2_t + ops.mean(grad_square, axis=-1) * (1.0 - beta_2_t))
            self.assign(c, c * beta_2_t + ops.mean(grad_square, axis=-2) * (1.0 - beta_2_t))
            row = ops.expand_dims(r / ops.mean(r, axis=-1, keepdims=True), -1)
            self.assign(v, row * ops.expand_dims(c, -2))
        else:
            self.assign(v, v * beta_2_t + grad_square * (1.0 - beta_2_t))
        u_t = gradient / ops.sqrt(v)
        u_t_hat = u_t / ops.maximum(self._rms(u_t) / self.clip_threshold, 1.0)
        self.assign_sub(variable, u_t_hat * alpha_t)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config
