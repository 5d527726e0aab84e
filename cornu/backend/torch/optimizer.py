"""Optimizer support for the torch backend: multi-tensor updates and scalar-state helpers.

``make_fast_apply(optimizer)`` returns, for the built-in optimizers that have a rule here, a
callable that runs one whole optimizer step (loss-scale, accumulation, clipping, weight
decay, update, moving averages) with ``torch._foreach_*`` ops over the lists of variables
and slots, under no_grad. It computes the same numbers as the engine-free path
(``cornu/optimizers/generic_apply.py``). Learning rates and step counts arrive as Python
numbers, so nothing here reads a value back from the device.
"""

from __future__ import annotations

import math

import torch

from cornu.backend.torch.core import convert_to_tensor

no_grad = torch.no_grad
_set_grad_enabled = torch._C._set_grad_enabled


def fast_handle(variable):
    """A plain-tensor view of ``variable``'s storage for per-step reads and writes.

    ``Variable`` is a Parameter subclass, and torch checks subclasses for
    ``__torch_function__`` on every op (about 1 us per Variable per op); the detached view
    skips that and shares the storage and the version counter.
    """
    return variable.detach()


def variable_version(handle) -> int:
    """A counter that changes whenever the variable behind ``handle`` is written in place."""
    return handle._version


def increment_(handle) -> None:
    """Adds 1 to an integer counter, in place."""
    handle.add_(1)


def fill_(handle, value) -> None:
    """Sets a scalar variable to ``value``, in place."""
    handle.fill_(value)


# --- small helpers: a float scale uses the fused ``alpha=``/``value=`` forms -------------
def _axpy_(dst, src, scale) -> None:
    """``dst += scale * src``."""
    if isinstance(scale, torch.Tensor):
        torch._foreach_add_(dst, torch._foreach_mul(src, scale))
    else:
        torch._foreach_add_(dst, src, alpha=scale)


def _addcdiv_(dst, num, den, scale) -> None:
    """``dst += scale * num / den``."""
    if isinstance(scale, torch.Tensor):
        q = torch._foreach_div(num, den)
        torch._foreach_mul_(q, scale)
        torch._foreach_add_(dst, q)
    else:
        torch._foreach_addcdiv_(dst, num, den, value=scale)


def _square_lerp_(acc, grads, weight) -> None:
    """``acc += (grads**2 - acc) * weight``."""
    torch._foreach_lerp_(acc, torch._foreach_mul(grads, grads), weight)


# --- update rules: rule(ctx, grads, params, slots, lr, t); ctx.opt is the optimizer, t the
# 1-based update count. ------------------------------------------------------------------
def _sgd(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    if opt.momentum == 0:
        _axpy_(params, grads, -lr)
        return
    (m,) = slots
    torch._foreach_mul_(m, opt.momentum)
    _axpy_(m, grads, -lr)
    if opt.nesterov:
        torch._foreach_add_(params, m, alpha=opt.momentum)
        _axpy_(params, grads, -lr)
    else:
        torch._foreach_add_(params, m)


def _adam(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    if ctx.fused_step is not None and not isinstance(lr, torch.Tensor):
        # torch's fused kernel divides sqrt(v) by sqrt(1 - beta_2**t) before adding
        # epsilon; Keras adds epsilon first. Scaling epsilon makes the two identical.
        ctx.fused_step.fill_(t)
        torch._fused_adam_(
            params, grads, slots[0], slots[1], slots[2] if opt.amsgrad else [],
            [ctx.fused_step] * len(params), amsgrad=opt.amsgrad, lr=lr, beta1=opt.beta_1,
            beta2=opt.beta_2, weight_decay=0.0,
            eps=opt.epsilon / math.sqrt(1.0 - opt.beta_2**t), maximize=False,
        )
        return
    m, v = slots[0], slots[1]
    torch._foreach_lerp_(m, grads, 1.0 - opt.beta_1)
    _square_lerp_(v, grads, 1.0 - opt.beta_2)
    if opt.amsgrad:
        torch._foreach_maximum_(slots[2], v)
        v = slots[2]
    alpha = lr * (math.sqrt(1.0 - opt.beta_2**t) / (1.0 - opt.beta_1**t))
    denom = torch._foreach_sqrt(v)
    torch._foreach_add_(denom, opt.epsilon)
    _addcdiv_(params, m, denom, -alpha)


def _rmsprop(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    velocity, momentum, average = slots
    rho = opt.rho
    torch._foreach_mul_(velocity, rho)
    torch._foreach_addcmul_(velocity, grads, grads, value=1.0 - rho)
    if opt.centered:
        torch._foreach_mul_(average, rho)
        torch._foreach_add_(average, grads, alpha=1.0 - rho)
        denom = torch._foreach_addcmul(velocity, average, average, value=-1.0)
        torch._foreach_add_(denom, opt.epsilon)
    else:
        denom = torch._foreach_add(velocity, opt.epsilon)
    torch._foreach_sqrt_(denom)
    if opt.momentum > 0:
        torch._foreach_mul_(momentum, opt.momentum)
        _addcdiv_(momentum, grads, denom, lr)
        torch._foreach_sub_(params, momentum)
    else:
        _addcdiv_(params, grads, denom, -lr)


def _adagrad(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    (acc,) = slots
    torch._foreach_addcmul_(acc, grads, grads)
    denom = torch._foreach_add(acc, opt.epsilon)
    torch._foreach_sqrt_(denom)
    _addcdiv_(params, grads, denom, -lr)


def _adadelta(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    acc_grad, acc_delta = slots
    rho, eps = opt.rho, opt.epsilon
    torch._foreach_mul_(acc_grad, rho)
    torch._foreach_addcmul_(acc_grad, grads, grads, value=1.0 - rho)
    num = torch._foreach_add(acc_delta, eps)
    torch._foreach_sqrt_(num)
    torch._foreach_mul_(num, grads)
    den = torch._foreach_add(acc_grad, eps)
    torch._foreach_sqrt_(den)
    delta = torch._foreach_div(num, den)  # the update is -delta
    torch._foreach_mul_(acc_delta, rho)
    torch._foreach_addcmul_(acc_delta, delta, delta, value=1.0 - rho)
    _axpy_(params, delta, -lr)


def _adamax(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    m, u = slots
    torch._foreach_lerp_(m, grads, 1.0 - opt.beta_1)
    torch._foreach_mul_(u, opt.beta_2)
    torch._foreach_maximum_(u, torch._foreach_abs(grads))
    denom = torch._foreach_add(u, opt.epsilon)
    _addcdiv_(params, m, denom, -lr / (1.0 - opt.beta_1**t))


def _nadam(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    m, v = slots
    b1, b2 = opt.beta_1, opt.beta_2
    u_t = b1 * (1.0 - 0.5 * 0.96**t)
    u_next = b1 * (1.0 - 0.5 * 0.96 ** (t + 1))
    u_product = opt._u_product_mirror.get() * u_t
    opt._u_product_mirror.set(u_product)
    torch._foreach_lerp_(m, grads, 1.0 - b1)
    _square_lerp_(v, grads, 1.0 - b2)
    m_hat = torch._foreach_mul(m, u_next / (1.0 - u_product * u_next))
    torch._foreach_add_(m_hat, grads, alpha=(1.0 - u_t) / (1.0 - u_product))
    denom = torch._foreach_mul(v, 1.0 / (1.0 - b2**t))
    torch._foreach_sqrt_(denom)
    torch._foreach_add_(denom, opt.epsilon)
    _addcdiv_(params, m_hat, denom, -lr)


def _lion(ctx, grads, params, slots, lr, t):
    opt = ctx.opt
    (m,) = slots
    direction = torch._foreach_mul(m, opt.beta_1)
    torch._foreach_add_(direction, grads, alpha=1.0 - opt.beta_1)
    torch._foreach_sign_(direction)
    _axpy_(params, direction, -lr)
    torch._foreach_mul_(m, opt.beta_2)
    torch._foreach_add_(m, grads, alpha=1.0 - opt.beta_2)


def _slots(*names):
    def get(opt):
        return tuple(getattr(opt, n) or None for n in names)

    return get


_RULES = {
    "sgd": (_sgd, lambda o: (o.momentums,) if o.momentum != 0 else ()),
    "adam": (_adam, lambda o: (o._momentums, o._velocities)
             + ((o._velocity_hats,) if o.amsgrad else ())),
    "rmsprop": (_rmsprop, _slots("_velocities", "_momentums", "_average_gradients")),
    "adagrad": (_adagrad, _slots("_accumulators")),
    "adadelta": (_adadelta, _slots("_accumulated_grads", "_accumulated_delta_vars")),
    "adamax": (_adamax, _slots("_m", "_u")),
    "nadam": (_nadam, _slots("_momentums", "_velocities")),
    "lion": (_lion, _slots("_momentums")),
}


def make_fast_apply(optimizer):
    """A multi-tensor ``(grads, idx, lr, step) -> None`` for ``optimizer``, or None."""
    rule = _RULES.get(optimizer._fast_rule)
    params = optimizer._trainable_variables
    if rule is None or not params:
        return None
    if any(p.is_sparse or not (p.is_floating_point() or p.is_complex()) for p in params):
        return None
    return _FastApply(optimizer, *rule)


def _subset(lists, idx):
    return tuple(None if s is None else [s[i] for i in idx] for s in lists)


def _views(variables):
    return None if variables is None else [v.detach() for v in variables]


def _as_gradients(grads, params):
    """``grads`` as tensors of their variables' dtypes (the list itself when they are)."""
    for g, p in zip(grads, params):
        if not isinstance(g, torch.Tensor) or g.dtype != p.dtype:
            return [convert_to_tensor(g).to(device=p.device, dtype=p.dtype)
                    for g, p in zip(grads, params)]
    return grads


class _FastApply:
    """One optimizer step over lists of plain-tensor views of the variables and slots.

    The views are taken once per build (see ``fast_handle``). If a model variable's storage
    is replaced afterwards (``module.to(device)`` assigns ``param.data``), the next step
    notices a changed data pointer, moves the optimizer's slots to the variables' devices and
    takes fresh views.
    """

    def __init__(self, optimizer, rule, get_slots):
        self.opt = optimizer
        self.rule = rule
        self.get_slots = get_slots
        self.variables = list(optimizer._trainable_variables)
        self.scale = optimizer.loss_scale_factor
        self.accumulation = optimizer.gradient_accumulation_steps
        self.clip = _make_clip(optimizer)
        self.decay_mask = None
        if optimizer.weight_decay is not None:
            self.decay_mask = [optimizer._use_weight_decay(v) for v in self.variables]
        self._take_views()

    def _owned(self):
        opt = self.opt
        lists = [s for s in self.get_slots(opt) if s is not None]
        if self.accumulation:
            lists.append(opt._accumulated_gradients)
        if opt.use_ema:
            lists.append(opt._model_variables_moving_average)
        return lists

    def _take_views(self):
        opt = self.opt
        for owned in self._owned():
            for slot, variable in zip(owned, self.variables):
                if slot.device != variable.device:
                    slot.data = slot.data.to(variable.device)
        self.params = _views(self.variables)
        self.slots = tuple(_views(s) for s in self.get_slots(opt))
        self.accumulators = _views(opt._accumulated_gradients) if self.accumulation else None
        self.averages = _views(opt._model_variables_moving_average) if opt.use_ema else None
        self.first = (self.variables[0], self.params[0].data_ptr())
        self.fused_step = None
        if self.rule is _adam and _fusable(self.params):
            self.fused_step = torch.zeros((), dtype=torch.float32, device=self.params[0].device)

    def __call__(self, grads, idx, lr, step):
        variable, pointer = self.first
        if variable.data_ptr() != pointer:
            self._take_views()
        params, slots = self.params, self.slots
        if idx is not None:
            params = [params[i] for i in idx]
            slots = _subset(slots, idx)
        grads = _as_gradients(grads, params)
        previous = torch.is_grad_enabled()
        _set_grad_enabled(False)
        try:
            if self.scale is not None:
                grads = torch._foreach_div(grads, self.scale)
            if self.accumulation:
                self._accumulate(grads, params, slots, idx, lr, step)
            else:
                self._update(grads, params, slots, idx, lr, step + 1)
            if self.averages is not None:
                self._update_averages(step)
        finally:
            _set_grad_enabled(previous)

    def _accumulate(self, grads, params, slots, idx, lr, step):
        accs = self.accumulators if idx is None else [self.accumulators[i] for i in idx]
        n = self.accumulation
        if (step + 1) % n:
            torch._foreach_add_(accs, grads)
            return
        grads = torch._foreach_add(grads, accs)
        torch._foreach_div_(grads, float(n))
        self._update(grads, params, slots, idx, lr, step // n + 1)
        torch._foreach_zero_(accs)

    def _update(self, grads, params, slots, idx, lr, t):
        if self.clip is not None:
            grads = self.clip(grads)
        if self.decay_mask is not None:
            mask = self.decay_mask if idx is None else [self.decay_mask[i] for i in idx]
            decayed = [p for p, keep in zip(params, mask) if keep]
            if decayed:
                torch._foreach_mul_(decayed, 1.0 - self.opt.weight_decay * lr)
        self.rule(self, grads, params, slots, lr, t)

    def _update_averages(self, step):
        opt = self.opt
        count = step // (self.accumulation or 1)
        if count == 0:
            torch._foreach_copy_(self.averages, self.params)
        else:
            momentum = opt.ema_momentum
            torch._foreach_mul_(self.averages, momentum)
            torch._foreach_add_(self.averages, self.params, alpha=1.0 - momentum)
        frequency = opt.ema_overwrite_frequency
        if frequency and (count + 1) % frequency == 0:
            torch._foreach_copy_(self.params, self.averages)


def _fusable(params) -> bool:
    """Whether torch's fused Adam kernel takes these tensors (one device and dtype)."""
    first = params[0]
    return (
        hasattr(torch, "_fused_adam_")
        and first.device.type in ("cpu", "cuda")
        and first.dtype in (torch.float32, torch.float16, torch.bfloat16, torch.float64)
        and all(p.device == first.device and p.dtype == first.dtype for p in params)
    )


def _make_clip(opt):
    if opt.clipnorm and opt.clipnorm > 0:
        c = float(opt.clipnorm)

        def clip(grads):
            norms = torch._foreach_norm(grads)
            torch._foreach_clamp_min_(norms, c)
            torch._foreach_reciprocal_(norms)
            return [g * (n * c) for g, n in zip(grads, norms)]

        return clip
    if opt.global_clipnorm and opt.global_clipnorm > 0:
        c = float(opt.global_clipnorm)

        def clip(grads):
            norms = torch._foreach_norm(grads)
            wide = torch.float64 if any(n.dtype == torch.float64 for n in norms) else torch.float32
            total = torch.linalg.vector_norm(torch.stack([n.to(wide) for n in norms]))
            scale = c * torch.minimum(1.0 / total, total.new_tensor(1.0 / c)) + (total - total)
            return [g * scale.to(g.dtype) for g in grads]

        return clip
    if opt.clipvalue and opt.clipvalue > 0:
        v = float(opt.clipvalue)

        def clip(grads):
            out = torch._foreach_clamp_min(grads, -v)
            torch._foreach_clamp_max_(out, v)
            return out

        return clip
    return None
