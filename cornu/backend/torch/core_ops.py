"""Engine functions behind the core ``cornu.ops``: control flow, scatters and slice updates.

Control flow runs eagerly in Python (as Keras does on torch). On the shape-only fake tensors
that symbolic tracing uses, data-dependent branches and loops cannot be decided; there the
ops check that every branch (or one loop step) keeps the structure, shapes and dtypes of
their inputs and return that signature.
"""

from __future__ import annotations

import builtins
import inspect
import math
import re
import warnings

import torch

from cornu.backend.common.dtypes import standardize_dtype
from cornu.backend.torch.core import convert_to_tensor, to_torch_dtype
from cornu.utils import tree

_t = convert_to_tensor


def _is_fake(x) -> bool:
    """True for the shape-only tensors that symbolic (KerasTensor) tracing runs on."""
    if not isinstance(x, torch.Tensor):
        return False
    try:
        from torch._subclasses.fake_tensor import FakeTensor
    except ImportError:  # pragma: no cover
        return False
    return isinstance(x, FakeTensor)


def _any_fake(structure) -> bool:
    return any(_is_fake(x) for x in tree.flatten(structure))


def _signature(structure):
    def sig(x):
        if isinstance(x, torch.Tensor):
            return (tuple(x.shape), x.dtype)
        return type(x)

    return tree.map_structure(sig, structure)


def _same_signature(op, what, first, second):
    if tree.is_nested(first) != tree.is_nested(second) or (
        len(tree.flatten(first)) != len(tree.flatten(second))
    ):
        raise ValueError(
            f"{op}: on symbolic inputs, {what} must return the same structure. "
            f"Received {_signature(first)} and {_signature(second)}."
        )
    a, b = tree.flatten(_signature(first)), tree.flatten(_signature(second))
    if a != b:
        raise ValueError(
            f"{op}: on symbolic inputs, {what} must return tensors of the same shapes and "
            f"dtypes. Received {a} and {b}."
        )


def _check_callable(op, name, fn):
    if not callable(fn):
        raise TypeError(f"{op}: `{name}` must be callable. Received: {name}={fn!r}")


def _axis_index(axis, ndim, op):
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of range for a tensor of rank {ndim}.")
    return axis % ndim


def _along(axis, ndim, s):
    return (builtins.slice(None),) * axis + (s,) + (builtins.slice(None),) * (ndim - axis - 1)


# --- casts -----------------------------------------------------------------------------


def _range_of(dtype: torch.dtype):
    if dtype == torch.bool:
        return 0, 1
    if dtype.is_floating_point:
        info = torch.finfo(dtype)
    else:
        info = torch.iinfo(dtype)
    return info.min, info.max


def saturate_cast(x, dtype):
    """Casts ``x`` to ``dtype``, clipping values to the range the target can represent."""
    x = _t(x)
    target = to_torch_dtype(standardize_dtype(dtype))
    if x.dtype == target or x.dtype == torch.bool or x.is_complex():
        return x.to(target)
    in_min, in_max = _range_of(x.dtype)
    out_min, out_max = _range_of(target)
    lo = torch.tensor(builtins.max(in_min, out_min), dtype=torch.float64).to(x.dtype)
    hi = torch.tensor(builtins.min(in_max, out_max), dtype=torch.float64).to(x.dtype)
    # The bounds rounded into the input dtype may fall outside the target range
    # (float32(2**31 - 1) == 2**31): step them one representable value inward.
    if x.dtype.is_floating_point:
        if float(lo) < out_min:
            lo = torch.nextafter(lo, torch.zeros_like(lo))
        if float(hi) > out_max:
            hi = torch.nextafter(hi, torch.zeros_like(hi))
    if x.dtype.is_floating_point and not target.is_floating_point:
        x = torch.nan_to_num(x, nan=0.0)
    x = torch.clamp(x, lo.to(x.device), hi.to(x.device))
    return x.to(target)


# --- scatters and slices --------------------------------------------------------------------


def _int_shape(op, shape):
    if isinstance(shape, torch.Tensor):
        shape = shape.tolist()
    try:
        return tuple(int(d) for d in shape)
    except TypeError:
        raise TypeError(
            f"{op}: `shape` must be a sequence of integers. Received: shape={shape!r}"
        ) from None


def _index_rows(op, indices, shape):
    indices = _t(indices)
    if indices.is_floating_point() or indices.dtype == torch.bool:
        raise TypeError(f"{op}: `indices` must be integers. Received dtype {indices.dtype}.")
    if indices.ndim < 1:
        raise ValueError(f"{op}: `indices` must have rank >= 1. Received a scalar.")
    depth = indices.shape[-1]
    if depth > len(shape):
        raise ValueError(
            f"{op}: the last axis of `indices` ({depth}) is longer than the rank of the "
            f"target ({len(shape)}). Received indices shape {tuple(indices.shape)} for a "
            f"target of shape {tuple(shape)}."
        )
    return indices.reshape(-1, depth).long(), depth


def scatter(indices, values, shape):
    """A zero tensor of ``shape`` with ``values`` added at ``indices`` (duplicates sum)."""
    shape = _int_shape("scatter", shape)
    values = _t(values)
    rows, depth = _index_rows("scatter", indices, shape)
    slice_shape = shape[depth:]
    values = values.reshape((rows.shape[0],) + slice_shape)
    acc_dtype = torch.int32 if values.dtype == torch.bool else values.dtype
    out = torch.zeros(shape, dtype=acc_dtype, device=values.device)
    out.index_put_(tuple(rows.t().to(values.device)), values.to(acc_dtype), accumulate=True)
    return out.bool() if values.dtype == torch.bool else out


_REDUCE = {"max": "amax", "min": "amin", "mul": "prod"}


def scatter_update(inputs, indices, updates, reduction=None):
    """``inputs`` with ``updates`` written (or reduced) at ``indices``."""
    if reduction is not None:
        if not isinstance(reduction, str) or reduction.lower() not in ("add", *_REDUCE):
            raise ValueError(
                "scatter_update: `reduction` must be None, 'add', 'max', 'min' or 'mul'. "
                f"Received: reduction={reduction!r}"
            )
        reduction = reduction.lower()
    inputs = _t(inputs)
    shape = tuple(inputs.shape)
    rows, depth = _index_rows("scatter_update", indices, shape)
    rows = rows.to(inputs.device)
    updates = _t(updates, dtype=inputs.dtype).to(inputs.device)
    updates = updates.reshape((rows.shape[0],) + shape[depth:])
    out = inputs.clone()
    if reduction is None or reduction == "add":
        out.index_put_(tuple(rows.t()), updates, accumulate=reduction == "add")
        return out
    # Flatten the indexed leading axes to one axis and reduce along it.
    lead = shape[:depth]
    rows = torch.where(rows < 0, rows + torch.tensor(lead, device=rows.device), rows)
    strides = [math.prod(lead[i + 1:]) for i in range(depth)]
    flat = (rows * torch.tensor(strides, device=rows.device, dtype=rows.dtype)).sum(-1)
    view = out.reshape((math.prod(lead),) + shape[depth:])
    with warnings.catch_warnings():  # index_reduce_ is flagged "beta" by torch
        warnings.simplefilter("ignore", UserWarning)
        view.index_reduce_(0, flat, updates, _REDUCE[reduction], include_self=True)
    return view.reshape(shape)


def slice_update(inputs, start_indices, updates):
    """``inputs`` with the block starting at ``start_indices`` replaced by ``updates``."""
    inputs = _t(inputs)
    updates = _t(updates, dtype=inputs.dtype).to(inputs.device)
    if isinstance(start_indices, torch.Tensor):
        starts = list(start_indices.reshape(-1).unbind(0))
    else:
        starts = list(start_indices)
    if len(starts) != inputs.ndim or updates.ndim != inputs.ndim:
        raise ValueError(
            "slice_update: `start_indices` needs one entry per axis of `inputs` and "
            "`updates` must have the rank of `inputs`. Received inputs shape "
            f"{tuple(inputs.shape)}, {len(starts)} start indices and updates shape "
            f"{tuple(updates.shape)}."
        )
    out = inputs.clone()
    if not any(_is_fake(s) for s in starts):
        ints = [int(s) for s in starts]
        out[tuple(builtins.slice(s, s + n) for s, n in zip(ints, updates.shape))] = updates
        return out
    # Start indices only known at run time (symbolic tracing): index with tensors.
    grids = torch.meshgrid(
        *[torch.arange(n, device=inputs.device) + _t(s).long() for s, n in
          zip(starts, updates.shape)],
        indexing="ij",
    )
    out.index_put_(tuple(grids), updates)
    return out


def unstack(x, num=None, axis=0):
    """Splits ``x`` along ``axis`` into a tuple of tensors."""
    x = _t(x)
    axis = _axis_index(axis, x.ndim, "unstack")
    if num is not None and num != x.shape[axis]:
        raise ValueError(
            f"unstack: `num` ({num}) does not match the size of axis {axis} of `x` "
            f"({x.shape[axis]})."
        )
    return x.unbind(axis)


# --- branching ---------------------------------------------------------------------------


def cond(pred, true_fn, false_fn):
    """``true_fn()`` if ``pred`` is true, else ``false_fn()``."""
    _check_callable("cond", "true_fn", true_fn)
    _check_callable("cond", "false_fn", false_fn)
    if _is_fake(pred):
        a, b = true_fn(), false_fn()
        _same_signature("cond", "`true_fn` and `false_fn`", a, b)
        return a
    if isinstance(pred, torch.Tensor) and pred.numel() != 1:
        raise ValueError(f"cond: `pred` must be a scalar. Received shape {tuple(pred.shape)}.")
    return true_fn() if bool(pred) else false_fn()


def switch(index, branches, *operands):
    """Calls ``branches[index](*operands)``, the index clamped into range."""
    if not isinstance(branches, (list, tuple)) or not branches:
        raise ValueError(
            f"switch: `branches` must be a non-empty list of callables. Received {branches!r}"
        )
    for i, b in enumerate(branches):
        _check_callable("switch", f"branches[{i}]", b)
    if _is_fake(index):
        outs = [b(*operands) for b in branches]
        for o in outs[1:]:
            _same_signature("switch", "all branches", outs[0], o)
        return outs[0]
    i = int(_t(index))
    return branches[builtins.min(builtins.max(i, 0), len(branches) - 1)](*operands)


# --- loops ----------------------------------------------------------------------------------


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``."""
    _check_callable("while_loop", "cond", cond)
    _check_callable("while_loop", "body", body)
    is_seq = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_seq else (loop_vars,)
    state = tree.map_structure(_t, state)

    def step(s):
        out = body(*s)
        return tuple(out) if isinstance(out, (list, tuple)) else (out,)

    if _any_fake(state):
        # Symbolic: the loop count is unknown, so the loop variables must keep their shapes.
        out = step(state)
        _same_signature("while_loop", "`body` and `loop_vars`", state, out)
        return out if is_seq else out[0]
    i = 0
    while (maximum_iterations is None or i < maximum_iterations) and bool(cond(*state)):
        state = step(state)
        i += 1
    return state if is_seq else state[0]


def fori_loop(lower, upper, body_fun, init_val):
    """Runs ``val = body_fun(i, val)`` for ``i`` in ``range(lower, upper)``."""
    _check_callable("fori_loop", "body_fun", body_fun)
    if _is_fake(lower) or _is_fake(upper):
        out = body_fun(lower, init_val)
        _same_signature("fori_loop", "`body_fun` and `init_val`", init_val, out)
        return out
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def _stack(op, ys):
    first = tuple(ys[0].shape)
    for i, y in enumerate(ys):
        if tuple(y.shape) != first:
            raise ValueError(
                f"{op}: every step must return outputs of the same shape. Step 0 gave "
                f"{first}, step {i} gave {tuple(y.shape)}."
            )
    return torch.stack(ys)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loops ``carry, y = f(carry, x)`` over the leading axis of ``xs``; returns
    ``(final_carry, stacked_ys)``."""
    _check_callable("scan", "f", f)
    if isinstance(unroll, bool):
        pass
    elif not isinstance(unroll, int) or unroll < 1:
        raise ValueError(
            f"scan: `unroll` must be a positive integer or a boolean. Received: unroll={unroll!r}"
        )
    if xs is None and length is None:
        raise ValueError("scan: give `xs` to scan over, or `length` when `xs` is None.")
    xs_flat = [] if xs is None else [_t(x) for x in tree.flatten(xs)]
    if xs_flat:
        n = int(xs_flat[0].shape[0])
        if any(int(x.shape[0]) != n for x in xs_flat):
            raise ValueError(
                "scan: all leaves of `xs` must have the same leading size. Received shapes "
                f"{[tuple(x.shape) for x in xs_flat]}."
            )
        if length is not None and int(length) != n:
            raise ValueError(f"scan: `length` ({length}) differs from the size of `xs` ({n}).")
    else:
        n = int(length)
    carry = tree.map_structure(lambda v: v if v is None else _t(v), init)
    order = range(n - 1, -1, -1) if reverse else range(n)
    ys = []
    for i in order:
        x = None if xs is None else tree.pack_sequence_as(xs, [v[i] for v in xs_flat])
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    if not ys or all(y is None for y in ys):
        return carry, None
    y_struct = ys[0]
    cols = list(zip(*[tree.flatten(y) for y in ys]))
    stacked = [_stack("scan", [_t(v) for v in col]) for col in cols]
    return carry, tree.pack_sequence_as(y_struct, stacked)


def map(f, xs):
    """Applies ``f`` to each slice of ``xs`` along its leading axis and stacks the results."""
    _check_callable("map", "f", f)
    _, ys = scan(lambda c, x: (c, f(x)), (), xs)
    return ys


def vectorized_map(function, elements):
    """``function`` mapped over the leading axis of ``elements`` (batched with torch.vmap)."""
    _check_callable("vectorized_map", "function", function)
    elements = tree.map_structure(_t, elements)
    try:
        return torch.vmap(function)(elements)
    except Exception:  # noqa: BLE001  (ops vmap cannot batch: fall back to a Python loop)
        return map(function, elements)


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive prefix scan of ``elems`` along ``axis`` with the associative ``f(a, b)``."""
    _check_callable("associative_scan", "f", f)
    flat = [_t(e) for e in tree.flatten(elems)]
    if not flat:
        raise ValueError("associative_scan: `elems` has no tensors.")
    axes = [_axis_index(axis, e.ndim, "associative_scan") for e in flat]
    n = flat[0].shape[axes[0]]
    if any(e.shape[a] != n for e, a in zip(flat, axes)):
        raise ValueError(
            "associative_scan: all leaves of `elems` must have the same size along `axis`. "
            f"Received shapes {[tuple(e.shape) for e in flat]}."
        )
    if reverse:
        flat = [torch.flip(e, (a,)) for e, a in zip(flat, axes)]

    def take(e, a, s):
        return e[_along(a, e.ndim, s)]

    def combine(left, right):
        out = f(tree.pack_sequence_as(elems, left), tree.pack_sequence_as(elems, right))
        return [_t(o) for o in tree.flatten(out)]

    def interleave(even, odd, a):
        # even holds the results at 0, 2, 4, ...; odd those at 1, 3, ...
        dtype = torch.promote_types(even.dtype, odd.dtype)
        shape = list(even.shape)
        shape[a] = even.shape[a] + odd.shape[a]
        out = even.new_empty(shape, dtype=dtype)
        out[_along(a, len(shape), builtins.slice(0, None, 2))] = even
        out[_along(a, len(shape), builtins.slice(1, None, 2))] = odd
        return out

    def run(cur):
        size = cur[0].shape[axes[0]]
        if size < 2:
            return cur
        pairs = combine(
            [take(e, a, builtins.slice(0, size - 1, 2)) for e, a in zip(cur, axes)],
            [take(e, a, builtins.slice(1, None, 2)) for e, a in zip(cur, axes)],
        )
        odd = run(pairs)  # prefixes ending at 1, 3, 5, ...
        rest = [take(e, a, builtins.slice(2, None, 2)) for e, a in zip(cur, axes)]
        if size % 2 == 0:
            left = [take(o, a, builtins.slice(0, -1)) for o, a in zip(odd, axes)]
        else:
            left = odd
        even = combine(left, rest) if rest[0].shape[axes[0]] else rest
        even = [
            torch.cat([take(e, a, builtins.slice(0, 1)), r.to(e.dtype)], dim=a)
            for e, r, a in zip(cur, even, axes)
        ]
        return [interleave(ev, od, a) for ev, od, a in zip(even, odd, axes)]

    out = run(flat)
    if reverse:
        out = [torch.flip(e, (a,)) for e, a in zip(out, axes)]
    return tree.pack_sequence_as(elems, out)


# --- gradients ------------------------------------------------------------------------------


def _call_grad_fn(grad_fn, args, upstream):
    try:
        params = inspect.signature(grad_fn).parameters
    except (TypeError, ValueError):  # pragma: no cover
        params = {}
    takes_kw = "upstream" in params or any(
        p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values()
    )
    if takes_kw:
        return grad_fn(*args, upstream=upstream)
    return grad_fn(upstream)


class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, fn, spec, n_tensors, *flat):
        tensors, others = flat[:n_tensors], flat[n_tensors:]
        args, kwargs = _unpack(spec, tensors, others)
        result = fn(*args, **kwargs)
        if not (isinstance(result, (tuple, list)) and len(result) == 2 and callable(result[1])):
            raise ValueError(
                "custom_gradient: the decorated function must return `(output, grad_fn)`. "
                f"Received {type(result).__name__}."
            )
        output, grad_fn = result
        ctx.grad_fn = grad_fn
        ctx.args = args
        ctx.n_tensors = n_tensors
        ctx.n_others = len(others)
        ctx.multi = isinstance(output, (tuple, list))
        if ctx.multi:
            return tuple(_t(o) for o in output)
        return _t(output)

    @staticmethod
    def backward(ctx, *upstream):
        up = upstream if ctx.multi else upstream[0]
        grads = _call_grad_fn(ctx.grad_fn, ctx.args, up)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        grads = [None if g is None else _t(g) for g in grads]
        if len(grads) != ctx.n_tensors:
            raise ValueError(
                f"custom_gradient: `grad_fn` returned {len(grads)} gradients for "
                f"{ctx.n_tensors} tensor inputs."
            )
        return (None, None, None, *grads, *([None] * ctx.n_others))


def _unpack(spec, tensors, others):
    tensors, others = list(tensors), list(others)
    args = [tensors.pop(0) if is_t else others.pop(0) for is_t in spec[0]]
    kwargs = {k: (tensors.pop(0) if is_t else others.pop(0)) for k, is_t in spec[1]}
    return args, kwargs


def custom_gradient(f):
    """Decorator: ``f(*args)`` returns ``(output, grad_fn)``; ``grad_fn(*args, upstream=g)``
    (or ``grad_fn(g)``) returns the gradients of the tensor arguments."""
    _check_callable("custom_gradient", "f", f)

    def wrapper(*args, **kwargs):
        from cornu.backend.common.keras_tensor import KerasTensor

        if any(isinstance(a, KerasTensor) for a in tree.flatten([list(args), kwargs])):
            from cornu.ops.operation import symbolic_call

            return symbolic_call(getattr(f, "__name__", "custom_gradient"), wrapper, args,
                                 kwargs)
        items = list(args) + list(kwargs.values())
        is_t = [isinstance(a, torch.Tensor) for a in items]
        spec = (is_t[: len(args)], list(zip(kwargs, is_t[len(args):])))
        tensors = [a for a, t in zip(items, is_t) if t]
        others = [a for a, t in zip(items, is_t) if not t]
        return _CustomGradient.apply(f, spec, len(tensors), *tensors, *others)

    wrapper.__name__ = getattr(f, "__name__", "custom_gradient")
    wrapper.__doc__ = getattr(f, "__doc__", None)
    return wrapper


# --- einops-style rearrange -----------------------------------------------------------------

_TOKEN = re.compile(r"\.\.\.|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+|\S")


def _parse_side(op, side, text):
    """A side of a pattern as a list of groups (lists of names; "..." for the ellipsis)."""
    groups, current = [], None
    for tok in _TOKEN.findall(text):
        if tok == "(":
            if current is not None:
                raise ValueError(f"{op}: nested parentheses in the {side} of the pattern.")
            current = []
        elif tok == ")":
            if current is None:
                raise ValueError(f"{op}: unbalanced ')' in the {side} of the pattern.")
            groups.append(current)
            current = None
        elif tok == "...":
            if current is None:
                groups.append("...")
            elif side == "right side":
                current.append("...")  # merged: "(...)" flattens the ellipsis axes
            else:
                raise ValueError(f"{op}: '(...)' is only allowed on the right side.")
        elif tok.isdigit():
            if tok != "1":
                raise ValueError(f"{op}: only the anonymous axis '1' is allowed, got '{tok}'.")
            if current is None:
                groups.append([])  # a unit axis; inside a group it adds nothing
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", tok):
            if current is None:
                groups.append([tok])
            else:
                current.append(tok)
        else:
            raise ValueError(f"{op}: unexpected '{tok}' in the {side} of the pattern.")
    if current is not None:
        raise ValueError(f"{op}: unbalanced '(' in the {side} of the pattern.")
    n_ell = sum(1 for g in groups if g == "...") + sum(
        g.count("...") for g in groups if g != "...")
    if n_ell > 1:
        raise ValueError(f"{op}: '...' may appear at most once per side.")
    names = [n for g in groups if g != "..." for n in g if n != "..."]
    if len(names) != len(set(names)):
        raise ValueError(f"{op}: an axis name repeats in the {side} of the pattern: {text!r}.")
    return groups


def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, merges and splits axes by an einops pattern such as ``"b h w c -> b (h w) c"``."""
    op = "rearrange"
    x = _t(tensor)
    if not isinstance(pattern, str) or pattern.count("->") != 1:
        raise ValueError(f"{op}: `pattern` must look like 'a b -> b a'. Received {pattern!r}.")
    lhs_text, rhs_text = pattern.split("->")
    lhs = _parse_side(op, "left side", lhs_text)
    rhs = _parse_side(op, "right side", rhs_text)
    rhs_has_ell = "..." in rhs or any("..." in g for g in rhs if g != "...")
    if ("..." in lhs) != rhs_has_ell:
        raise ValueError(f"{op}: '...' must appear on both sides or on neither: {pattern!r}.")
    fixed = len([g for g in lhs if g != "..."])
    if ("..." in lhs and x.ndim < fixed) or ("..." not in lhs and x.ndim != fixed):
        raise ValueError(
            f"{op}: the pattern {pattern!r} expects {fixed} axes but the tensor has shape "
            f"{tuple(x.shape)}."
        )
    ell = [f"...{i}" for i in range(x.ndim - fixed)] if "..." in lhs else []

    def expand(groups):
        out = []
        for g in groups:
            if g == "...":
                out.extend([[n] for n in ell])
            else:
                out.append([m for n in g for m in (ell if n == "..." else [n])])
        return out

    lhs, rhs = expand(lhs), expand(rhs)
    sizes = {}
    for group, dim in zip(lhs, x.shape):
        dim = int(dim)
        known = 1
        unknown = []
        for name in group:
            if name in axes_lengths:
                sizes[name] = int(axes_lengths[name])
                known *= sizes[name]
            else:
                unknown.append(name)
        if len(unknown) > 1:
            raise ValueError(f"{op}: cannot infer the sizes of {unknown}; give them as keywords.")
        if unknown:
            if known == 0 or dim % known:
                raise ValueError(f"{op}: axis of size {dim} cannot be split into {group}.")
            sizes[unknown[0]] = dim // known
        elif known != dim:
            raise ValueError(
                f"{op}: axis group {group} has size {known} but the tensor axis is {dim}."
            )
    left_names = [n for g in lhs for n in g]
    right_names = [n for g in rhs for n in g]
    if set(left_names) != set(right_names):
        raise ValueError(
            f"{op}: both sides must name the same axes. Only on the left: "
            f"{sorted(set(left_names) - set(right_names))}; only on the right: "
            f"{sorted(set(right_names) - set(left_names))}."
        )
    extra = set(axes_lengths) - set(left_names)
    if extra:
        raise ValueError(f"{op}: axes_lengths names axes not in the pattern: {sorted(extra)}.")
    x = x.reshape([sizes[n] for n in left_names])
    x = x.permute([left_names.index(n) for n in right_names])
    return x.reshape([math.prod(sizes[n] for n in g) for g in rhs])
