"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from __future__ import annotations

from cornu.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose weight decay shrinks the variables directly, apart from the gradient.

    Each step first multiplies the variables by ``1 - weight_decay * learning_rate``
    (except those passed to ``exclude_from_weight_decay``), then takes an Adam step.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` or a callable. Defaults to 0.001.
        weight_decay: the decay rate (required; defaults to 0.004).
        beta_1: decay rate of the first-moment estimate.
        beta_2: decay rate of the second-moment estimate.
        epsilon: small constant for numerical stability.
        amsgrad: use AMSGrad.
        **kwargs: the common optimizer arguments (see ``cornu.optimizers.Optimizer``).

    Example:
        >>> import cornu
        >>> from cornu import ops, optimizers
        >>> w = cornu.Variable([1.0])
        >>> optimizers.AdamW(learning_rate=0.1, weight_decay=0.5).apply([ops.array([0.0])], [w])
        >>> round(float(w.numpy()[0]), 6)
        0.95
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
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
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
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
        if self.weight_decay is None:
            raise ValueError(
                "AdamW: `weight_decay` must be a float (use Adam for no weight decay). "
                "Received: weight_decay=None"
            )
