"""The engine-free update pipeline: one ``update_step`` call per variable, in cornu ops.

It runs Keras 3's order of operations: gradients of variables flagged
``overwrite_with_gradient`` are copied in, the rest are unscaled by ``loss_scale_factor``,
accumulated (``gradient_accumulation_steps``), clipped, weight-decayed and applied; then the
moving averages (``use_ema``) are updated. Backends with a multi-tensor version of an
optimizer (``cornu.backend.<name>.optimizer.make_fast_apply``) run the same pipeline faster;
this one serves every other optimizer and every user subclass.
"""

from __future__ import annotations

from cornu import ops
from cornu.optimizers.gradient_utils import clip_gradients


def apply_generic(optimizer, grads: list, variables: list, learning_rate, step: int) -> None:
    """One optimizer step on ``variables``.

    Args:
        optimizer: a built ``BaseOptimizer``.
        grads: one gradient per variable (no None).
        variables: the variables to update, a subset of those the optimizer was built with.
        learning_rate: the learning rate of this step (a float or a scalar tensor).
        step: the number of ``apply`` calls made before this one.
    """
    # NumPy gradients (allowed by `apply`) become tensors of their variable's dtype.
    grads = [g if ops.is_tensor(g) else ops.convert_to_tensor(g, dtype=v.dtype)
             for g, v in zip(grads, variables)]
    if any(getattr(v, "overwrite_with_gradient", False) for v in variables):
        grads, variables = _overwrite_with_gradients(optimizer, grads, variables, step)
        if not grads:
            _update_moving_averages(optimizer, step)
            return
    if optimizer.loss_scale_factor is not None:
        grads = [g / optimizer.loss_scale_factor for g in grads]
    accumulation = optimizer.gradient_accumulation_steps
    if accumulation:
        accumulators = [optimizer._accumulated_gradients[optimizer._get_variable_index(v)]
                        for v in variables]
        if (step + 1) % accumulation == 0:
            grads = [(g + a) / accumulation for g, a in zip(grads, accumulators)]
            _update(optimizer, grads, variables, learning_rate, step // accumulation)
            for a in accumulators:
                a.assign(ops.zeros_like(a))
        else:
            for g, a in zip(grads, accumulators):
                a.assign(a + g)
    else:
        _update(optimizer, grads, variables, learning_rate, step)
    _update_moving_averages(optimizer, step)


def _update(optimizer, grads, variables, learning_rate, update_count: int) -> None:
    grads = clip_gradients(
        grads, optimizer.clipnorm, optimizer.clipvalue, optimizer.global_clipnorm
    )
    apply_weight_decay(optimizer, variables, learning_rate)
    optimizer._local_step = update_count + 1
    optimizer._update_variables(grads, variables, learning_rate)


def apply_weight_decay(optimizer, variables, learning_rate) -> None:
    """Decoupled weight decay: ``variable *= 1 - weight_decay * learning_rate``."""
    if optimizer.weight_decay is None:
        return
    factor = 1.0 - optimizer.weight_decay * learning_rate
    for variable in variables:
        if optimizer._use_weight_decay(variable):
            scale = factor if isinstance(factor, float) else ops.cast(factor, variable.dtype)
            variable.assign(variable * scale)


def _update_moving_averages(optimizer, step: int) -> None:
    if not optimizer.use_ema:
        return
    count = step // (optimizer.gradient_accumulation_steps or 1)
    momentum = optimizer.ema_momentum if count != 0 else 0.0
    pairs = [
        (v, a)
        for v, a in zip(optimizer._trainable_variables, optimizer._model_variables_moving_average)
        if a is not None
    ]
    for variable, average in pairs:
        average.assign(average * momentum + variable * (1.0 - momentum))
    frequency = optimizer.ema_overwrite_frequency
    if frequency and (count + 1) % frequency == 0:
        for variable, average in pairs:
            variable.assign(average)


def _overwrite_with_gradients(optimizer, grads, variables, step):
    """Variables flagged ``overwrite_with_gradient`` take their gradient as new value (the
    running maximum over an accumulation window); the others go on to the update."""
    kept_grads, kept_vars = [], []
    accumulation = optimizer.gradient_accumulation_steps
    for g, v in zip(grads, variables):
        if not getattr(v, "overwrite_with_gradient", False):
            kept_grads.append(g)
            kept_vars.append(v)
        elif accumulation:
            acc = optimizer._accumulated_gradients[optimizer._get_variable_index(v)]
            if (step + 1) % accumulation == 0:
                v.assign(ops.maximum(g, acc))
                acc.assign(ops.zeros_like(acc))
            else:
                acc.assign(ops.maximum(g, acc))
        else:
            v.assign(g)
    return kept_grads, kept_vars
