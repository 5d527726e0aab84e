"""``cornu.optimizers.Optimizer``: the class that built-in and user optimizers derive from."""

from __future__ import annotations

from cornu.optimizers.base_optimizer import BaseOptimizer


class Optimizer(BaseOptimizer):
    """Base class of all optimizers; subclass it and implement ``build`` and ``update_step``.

    See ``BaseOptimizer`` for the arguments every optimizer accepts (``learning_rate``,
    ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``use_ema``,
    ``ema_momentum``, ``ema_overwrite_frequency``, ``loss_scale_factor``,
    ``gradient_accumulation_steps``, ``name``).

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> class SignSGD(optimizers.Optimizer):
        ...     def __init__(self, learning_rate=0.1, **kwargs):
        ...         super().__init__(learning_rate=learning_rate, **kwargs)
        ...     def update_step(self, gradient, variable, learning_rate):
        ...         self.assign_sub(variable, ops.sign(gradient) * learning_rate)
        >>> w = cornu.Variable([1.0, 1.0])
        >>> SignSGD().apply([ops.array([3.0, -0.5])], [w])
        >>> [round(x, 6) for x in w.numpy().tolist()]
        [0.9, 1.1]
    """
