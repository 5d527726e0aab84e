"""Muon: momentum orthogonalized by Newton-Schulz iterations, with AdamW for the rest."""

from __future__ import annotations

import math
import re

import numpy as np

from cornu import backend, ops
from cornu.optimizers.base_optimizer import BaseOptimizer
from cornu.optimizers.optimizer import Optimizer


class Muon(Optimizer):
    """Muon for matrices, AdamW for every other variable.

    A variable is updated by Muon when it is a matrix (exactly 2 dimensions), unless its
    path contains "embedding" (with ``exclude_embeddings``) or matches one of the
    ``exclude_layers`` regular expressions; all other variables (biases, scalars, conv
    kernels of 3+ dimensions, embeddings) get an AdamW step at
    ``learning_rate * adam_lr_ratio``.

    The Muon step keeps a momentum ``m = momentum * m + g``, takes the direction
    ``g + momentum * m`` (``nesterov``) or ``m``, approximately orthogonalizes it with
    ``ns_steps`` quintic Newton-Schulz iterations (coefficients ``muon_a, muon_b, muon_c``)
    and subtracts ``lr * direction * sqrt(max(rows, cols)) * rms_rate`` (``rms_rate=None``
    drops the scaling). Decoupled weight decay uses ``weight_decay`` for Muon variables and
    ``adam_weight_decay`` for AdamW ones, both times the learning rate.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        adam_beta_1: AdamW's first-moment decay rate.
        adam_beta_2: AdamW's second-moment decay rate.
        adam_weight_decay: weight decay of the AdamW variables (None: none).
        epsilon: AdamW's small constant for numerical stability.
        weight_decay: weight decay of the Muon variables (None: none).
        exclude_layers: regular expressions; variables whose path matches one use AdamW.
        exclude_embeddings: variables whose path contains "embedding" use AdamW.
        muon_a, muon_b, muon_c: the Newton-Schulz polynomial's coefficients.
        adam_lr_ratio: AdamW's learning rate as a fraction of ``learning_rate``.
        momentum: Muon's momentum.
        ns_steps: the number of Newton-Schulz iterations.
        nesterov: use the Nesterov direction.
        rms_rate: scale of the update's RMS (Moonlight's rule); None for none.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``).

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable(ops.ones((2, 2)))
        >>> optimizers.Muon(learning_rate=0.1, weight_decay=None).apply(
        ...     [ops.array([[1.0, 0.0], [0.0, 1.0]])], [w])
        >>> tuple(w.shape), float(w.numpy()[0, 1])  # a diagonal step keeps the diagonal
        ((2, 2), 1.0)
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1: float = 0.9,
        adam_beta_2: float = 0.999,
        adam_weight_decay: float | None = 0.004,
        epsilon: float = 1e-7,
        weight_decay: float | None = 0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings: bool = True,
        muon_a: float = 3.4445,
        muon_b: float = -4.775,
        muon_c: float = 2.0315,
        adam_lr_ratio: float = 1,
        momentum: float = 0.95,
        ns_steps: int = 5,
        nesterov: bool = True,
        rms_rate: float | None = 0.2,
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
        if isinstance(exclude_layers, str):
            raise TypeError(
                "Muon: `exclude_layers` must be a list of regular expressions, not a string. "
                f"Received: exclude_layers={exclude_layers!r}"
            )
        if not isinstance(ns_steps, int) or ns_steps < 0:
            raise ValueError(
                f"Muon: `ns_steps` must be an integer >= 0. Received: ns_steps={ns_steps!r}"
            )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = list(exclude_layers or [])
        self.exclude_embeddings = exclude_embeddings
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable) -> bool:
        """Whether ``variable`` gets the AdamW step rather than the Muon one."""
        if len(variable.shape) != 2:
            return True
        path = str(getattr(variable, "path", None) or variable.name)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(pattern, path) for pattern in self.exclude_layers)

    def build(self, variables) -> None:
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        # Keras's creation order: each variable's momentum, then its velocity (AdamW only).
        self._momentums = [None] * len(variables)
        self._velocities = [None] * len(variables)
        for i, variable in enumerate(variables):
            if getattr(variable, "overwrite_with_gradient", False):
                continue
            self._momentums[i] = self.add_variable_from_reference(variable, "momentum")
            if self._should_use_adamw(variable):
                self._velocities[i] = self.add_variable_from_reference(variable, "velocity")

    # --- weight decay: per-kind rates, applied here rather than by the generic path -------
    def _use_weight_decay(self, variable) -> bool:
        return False  # the generic path's decay; Muon decays in ``_update_variables``

    def _update_variables(self, grads: list, variables: list, learning_rate) -> None:
        for variable in variables:
            if not BaseOptimizer._use_weight_decay(self, variable):
                continue
            rate = (self.adam_weight_decay if self._should_use_adamw(variable)
                    else self.weight_decay)
            if rate is None:
                continue
            variable.assign(variable - variable * (rate * learning_rate))
        super()._update_variables(grads, variables, learning_rate)

    # --- the steps -------------------------------------------------------------------------
    def update_step(self, gradient, variable, learning_rate) -> None:
        gradient = ops.cast(gradient, variable.dtype)
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        if v is not None:
            self._adamw_step(gradient, variable, learning_rate * self.adam_lr_ratio, m, v)
        else:
            self._muon_step(gradient, variable, learning_rate, m)

    def _muon_step(self, gradient, variable, learning_rate, m) -> None:
        self.assign_add(m, gradient + m * (self.momentum - 1))
        direction = gradient + m * self.momentum if self.nesterov else m
        update = self.zeropower_via_newtonschulz5(direction, self.ns_steps)
        update = update * learning_rate
        if self.rms_rate is not None:
            rows, cols = tuple(variable.shape)[:2]
            update = update * (math.sqrt(max(rows, cols)) * self.rms_rate)
        self.assign_sub(variable, update)

    def _adamw_step(self, gradient, variable, learning_rate, m, v) -> None:
        # Bias corrections in the variable's precision, as Keras computes them.
        one, t = _scalars(variable, 1.0, self._local_step)
        b1, b2 = _scalars(variable, self.adam_beta_1, self.adam_beta_2)
        alpha = learning_rate * float(np.sqrt(one - b2**t) / (one - b1**t))
        self.assign_add(m, (gradient - m) * (1.0 - self.adam_beta_1))
        self.assign_add(v, (ops.square(gradient) - v) * (1.0 - self.adam_beta_2))
        self.assign_sub(variable, m * alpha / (ops.sqrt(v) + self.epsilon))

    def zeropower_via_newtonschulz5(self, x, steps: int):
        """``x`` (2+ dimensions) pushed towards the nearest semi-orthogonal matrix by
        ``steps`` quintic Newton-Schulz iterations on its last two axes."""
        shape = tuple(x.shape)
        if len(shape) < 2:
            raise ValueError(
                "Muon: Newton-Schulz orthogonalization needs a tensor of at least 2 "
                f"dimensions. Received: shape={shape}"
            )
        tall = shape[-2] > shape[-1]
        if tall:
            x = _swap_last_axes(x)
        x = x / (ops.norm(x, axis=(-2, -1), keepdims=True) + 1e-7)
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        for _ in range(steps):
            gram = ops.matmul(x, _swap_last_axes(x))
            poly = b * gram + c * ops.matmul(gram, gram)
            x = a * x + ops.matmul(poly, x)
        return _swap_last_axes(x) if tall else x

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "adam_beta_1": self.adam_beta_1,
                "adam_beta_2": self.adam_beta_2,
                "epsilon": self.epsilon,
                "exclude_layers": list(self.exclude_layers),
                "muon_a": self.muon_a,
                "muon_b": self.muon_b,
                "muon_c": self.muon_c,
                "adam_lr_ratio": self.adam_lr_ratio,
                "momentum": self.momentum,
                "ns_steps": self.ns_steps,
                "nesterov": self.nesterov,
                "exclude_embeddings": self.exclude_embeddings,
                "adam_weight_decay": self.adam_weight_decay,
                "rms_rate": self.rms_rate,
            }
        )
        return config


def _scalars(variable, *values):
    """``values`` as NumPy scalars of ``variable``'s precision (float32 below float64)."""
    wide = backend.standardize_dtype(variable.dtype) == "float64"
    dtype = np.float64 if wide else np.float32
    return tuple(dtype(v) for v in values)


def _swap_last_axes(x):
    order = list(range(len(x.shape)))
    order[-2], order[-1] = order[-1], order[-2]
    return ops.transpose(x, order)
