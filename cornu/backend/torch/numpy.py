"""NumPy-like ops on torch tensors. Each takes tensors, arrays or Python numbers."""

from __future__ import annotations

import builtins

import numpy as np
import torch

from cornu.backend.common.dtypes import standardize_dtype
from cornu.backend.config import floatx
from cornu.backend.torch.core import cast, convert_to_tensor, to_torch_dtype

_t = convert_to_tensor


def _float_tensor(x):
    x = _t(x)
    if not (x.is_floating_point() or x.is_complex()):
        x = x.to(to_torch_dtype(floatx()))
    return x


def _pair(x1, x2):
    """Converts two operands, keeping Python scalars weakly typed as NumPy 2 does."""
    if isinstance(x1, torch.Tensor) and isinstance(x2, torch.Tensor):
        return x1, x2
    if isinstance(x2, (int, float, bool)) and isinstance(x1, torch.Tensor):
        return x1, x2
    if isinstance(x1, (int, float, bool)) and isinstance(x2, torch.Tensor):
        return x1, x2
    return _t(x1), _t(x2)


def _axis(axis):
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(axis)
    return axis


# --- creation -------------------------------------------------------------------------
def zeros(shape, dtype=None):
    return torch.zeros(tuple(shape), dtype=to_torch_dtype(dtype or floatx()), device=_dev())


def ones(shape, dtype=None):
    return torch.ones(tuple(shape), dtype=to_torch_dtype(dtype or floatx()), device=_dev())


def full(shape, fill_value, dtype=None):
    dtype = dtype or (floatx() if isinstance(fill_value, float) else None)
    return torch.full(tuple(shape), fill_value, dtype=to_torch_dtype(dtype), device=_dev())


def zeros_like(x, dtype=None):
    return torch.zeros_like(_t(x), dtype=to_torch_dtype(dtype))


def ones_like(x, dtype=None):
    return torch.ones_like(_t(x), dtype=to_torch_dtype(dtype))


def full_like(x, fill_value, dtype=None):
    return torch.full_like(_t(x), fill_value, dtype=to_torch_dtype(dtype))


def eye(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    out = torch.zeros(N, M, dtype=to_torch_dtype(dtype or floatx()), device=_dev())
    count = builtins.min(N, M - k) if k >= 0 else builtins.min(N + k, M)
    idx = torch.arange(builtins.max(0, count))
    rows, cols = (idx, idx + k) if k >= 0 else (idx - k, idx)
    out[rows, cols] = 1
    return out


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    if dtype is None:
        is_float = builtins.any(isinstance(v, float) for v in (start, stop, step))
        dtype = floatx() if is_float else "int32"
    return torch.arange(start, stop, step, dtype=to_torch_dtype(dtype), device=_dev())


def linspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if endpoint:
        out = torch.linspace(float(start), float(stop), num, device=_dev())
    else:
        out = torch.linspace(float(start), float(stop), num + 1, device=_dev())[:-1]
    return out.to(to_torch_dtype(dtype or floatx()))


def tri(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    return torch.tril(torch.ones(N, M, device=_dev()), k).to(to_torch_dtype(dtype or floatx()))


def _dev():
    from cornu.backend.torch.core import default_device

    return default_device()


# --- elementwise ------------------------------------------------------------------------
def add(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.add(x1, x2) if isinstance(x1, torch.Tensor) else torch.add(x2, x1)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    return x1 - x2


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    return x1 * x2


def divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    if isinstance(x1, torch.Tensor) and not x1.is_floating_point():
        x1 = x1.to(to_torch_dtype(floatx()))
    return x1 / x2


true_divide = divide


def divide_no_nan(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    safe = torch.where(x2 == 0, torch.ones_like(x2), x2)
    return torch.where(x2 == 0, torch.zeros_like(x1 / safe), x1 / safe)


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    return x1 // x2


def mod(x1, x2):
    x1, x2 = _pair(x1, x2)
    return x1 % x2


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.pow(x1, x2)


def negative(x):
    return -_t(x)


def absolute(x):
    return torch.abs(_t(x))


abs = absolute


def sign(x):
    return torch.sign(_t(x))


def square(x):
    x = _t(x)
    return x * x


def sqrt(x):
    return torch.sqrt(_float_tensor(x))


def rsqrt(x):
    return torch.rsqrt(_float_tensor(x))


def exp(x):
    return torch.exp(_float_tensor(x))


def exp2(x):
    return torch.exp2(_float_tensor(x))


def expm1(x):
    return torch.expm1(_float_tensor(x))


def log(x):
    return torch.log(_float_tensor(x))


def log1p(x):
    return torch.log1p(_float_tensor(x))


def log2(x):
    return torch.log2(_float_tensor(x))


def log10(x):
    return torch.log10(_float_tensor(x))


def logaddexp(x1, x2):
    return torch.logaddexp(_float_tensor(x1), _float_tensor(x2))


def sin(x):
    return torch.sin(_float_tensor(x))


def cos(x):
    return torch.cos(_float_tensor(x))


def tan(x):
    return torch.tan(_float_tensor(x))


def arcsin(x):
    return torch.asin(_float_tensor(x))


def arccos(x):
    return torch.acos(_float_tensor(x))


def arctan(x):
    return torch.atan(_float_tensor(x))


def arctan2(x1, x2):
    return torch.atan2(_float_tensor(x1), _float_tensor(x2))


def sinh(x):
    return torch.sinh(_float_tensor(x))


def cosh(x):
    return torch.cosh(_float_tensor(x))


def tanh(x):
    return torch.tanh(_float_tensor(x))


def arcsinh(x):
    return torch.asinh(_float_tensor(x))


def arccosh(x):
    return torch.acosh(_float_tensor(x))


def arctanh(x):
    return torch.atanh(_float_tensor(x))


def floor(x):
    return torch.floor(_float_tensor(x))


def ceil(x):
    return torch.ceil(_float_tensor(x))


def round(x, decimals=0):
    return torch.round(_float_tensor(x), decimals=decimals)


def trunc(x):
    return torch.trunc(_t(x))


def reciprocal(x):
    return torch.reciprocal(_float_tensor(x))


def maximum(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    x1, x2 = _promote(x1, x2)
    return torch.maximum(x1, x2)


def minimum(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    x1, x2 = _promote(x1, x2)
    return torch.minimum(x1, x2)


def _promote(x1, x2):
    if x1.dtype != x2.dtype:
        dtype = torch.promote_types(x1.dtype, x2.dtype)
        # A 0-d operand is weakly typed against a float tensor, as Python scalars are.
        if x2.ndim == 0 and x1.ndim > 0 and x1.is_floating_point():
            dtype = x1.dtype
        elif x1.ndim == 0 and x2.ndim > 0 and x2.is_floating_point():
            dtype = x2.dtype
        x1, x2 = x1.to(dtype), x2.to(dtype)
    return x1, x2


def clip(x, x_min, x_max):
    x = _t(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    return torch.clamp(x, x_min, x_max)


def where(condition, x1=None, x2=None):
    condition = _t(condition).bool()
    if x1 is None and x2 is None:
        return torch.nonzero(condition, as_tuple=True)
    x1, x2 = _t(x1), _t(x2)
    x1, x2 = _promote(x1, x2)
    return torch.where(condition, x1, x2)


def equal(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.eq(x1, x2) if isinstance(x1, torch.Tensor) else torch.eq(x2, x1)


def not_equal(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.ne(x1, x2) if isinstance(x1, torch.Tensor) else torch.ne(x2, x1)


def less(x1, x2):
    if isinstance(x1, torch.Tensor) and isinstance(x2, (int, float)):
        return torch.lt(x1, x2)
    return torch.lt(_t(x1), _t(x2))


def less_equal(x1, x2):
    if isinstance(x1, torch.Tensor) and isinstance(x2, (int, float)):
        return torch.le(x1, x2)
    return torch.le(_t(x1), _t(x2))


def greater(x1, x2):
    if isinstance(x1, torch.Tensor) and isinstance(x2, (int, float)):
        return torch.gt(x1, x2)
    return torch.gt(_t(x1), _t(x2))


def greater_equal(x1, x2):
    if isinstance(x1, torch.Tensor) and isinstance(x2, (int, float)):
        return torch.ge(x1, x2)
    return torch.ge(_t(x1), _t(x2))


def logical_and(x1, x2):
    return torch.logical_and(_t(x1), _t(x2))


def logical_or(x1, x2):
    return torch.logical_or(_t(x1), _t(x2))


def logical_xor(x1, x2):
    return torch.logical_xor(_t(x1), _t(x2))


def logical_not(x):
    return torch.logical_not(_t(x))


def isnan(x):
    return torch.isnan(_t(x))


def isinf(x):
    return torch.isinf(_t(x))


def isfinite(x):
    return torch.isfinite(_t(x))


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _promote(_t(x1), _t(x2))
    return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return bool(isclose(x1, x2, rtol, atol, equal_nan).all())


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    return torch.nan_to_num(_t(x), nan=nan, posinf=posinf, neginf=neginf)


def square_difference(x1, x2):
    d = _t(x1) - _t(x2)
    return d * d


# --- reductions --------------------------------------------------------------------------
def sum(x, axis=None, keepdims=False):
    x = _t(x)
    if axis is None:
        out = torch.sum(x)
        return out.reshape([1] * x.ndim) if keepdims else out
    return torch.sum(x, dim=_axis(axis), keepdim=keepdims)


def mean(x, axis=None, keepdims=False):
    x = _float_tensor(x)
    if axis is None:
        out = torch.mean(x)
        return out.reshape([1] * x.ndim) if keepdims else out
    return torch.mean(x, dim=_axis(axis), keepdim=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    if axis is None:
        out = torch.prod(x)
        return out.reshape([1] * x.ndim) if keepdims else out
    for a in sorted(np.atleast_1d(axis).tolist(), reverse=True):
        x = torch.prod(x, dim=a, keepdim=keepdims)
    return x


def max(x, axis=None, keepdims=False, initial=None):
    x = _t(x)
    if axis is None:
        out = torch.amax(x)
        out = out.reshape([1] * x.ndim) if keepdims else out
    else:
        out = torch.amax(x, dim=_axis(axis), keepdim=keepdims)
    return out if initial is None else torch.clamp(out, min=initial)


def min(x, axis=None, keepdims=False, initial=None):
    x = _t(x)
    if axis is None:
        out = torch.amin(x)
        out = out.reshape([1] * x.ndim) if keepdims else out
    else:
        out = torch.amin(x, dim=_axis(axis), keepdim=keepdims)
    return out if initial is None else torch.clamp(out, max=initial)


amax = max
amin = min


def var(x, axis=None, keepdims=False):
    x = _float_tensor(x)
    if axis is None:
        out = torch.var(x, correction=0)
        return out.reshape([1] * x.ndim) if keepdims else out
    return torch.var(x, dim=_axis(axis), keepdim=keepdims, correction=0)


def std(x, axis=None, keepdims=False):
    return torch.sqrt(var(x, axis, keepdims))


def all(x, axis=None, keepdims=False):
    x = _t(x).bool()
    if axis is None:
        out = torch.all(x)
        return out.reshape([1] * x.ndim) if keepdims else out
    for a in sorted(np.atleast_1d(axis).tolist(), reverse=True):
        x = torch.all(x, dim=a, keepdim=keepdims)
    return x


def any(x, axis=None, keepdims=False):
    x = _t(x).bool()
    if axis is None:
        out = torch.any(x)
        return out.reshape([1] * x.ndim) if keepdims else out
    for a in sorted(np.atleast_1d(axis).tolist(), reverse=True):
        x = torch.any(x, dim=a, keepdim=keepdims)
    return x


def argmax(x, axis=None, keepdims=False):
    x = _t(x)
    if axis is None:
        return torch.argmax(x.flatten()).to(torch.int32)
    return torch.argmax(x, dim=axis, keepdim=keepdims).to(torch.int32)


def argmin(x, axis=None, keepdims=False):
    x = _t(x)
    if axis is None:
        return torch.argmin(x.flatten()).to(torch.int32)
    return torch.argmin(x, dim=axis, keepdim=keepdims).to(torch.int32)


def argsort(x, axis=-1):
    return torch.argsort(_t(x), dim=axis, stable=True).to(torch.int32)


def sort(x, axis=-1):
    return torch.sort(_t(x), dim=axis, stable=True).values


def cumsum(x, axis=None, dtype=None):
    x = _t(x)
    if axis is None:
        x, axis = x.flatten(), 0
    return torch.cumsum(x, dim=axis, dtype=to_torch_dtype(dtype))


def cumprod(x, axis=None, dtype=None):
    x = _t(x)
    if axis is None:
        x, axis = x.flatten(), 0
    return torch.cumprod(x, dim=axis, dtype=to_torch_dtype(dtype))


def logsumexp(x, axis=None, keepdims=False):
    x = _float_tensor(x)
    if axis is None:
        out = torch.logsumexp(x.flatten(), dim=0)
        return out.reshape([1] * x.ndim) if keepdims else out
    return torch.logsumexp(x, dim=_axis(axis), keepdim=keepdims)


def count_nonzero(x, axis=None):
    return torch.count_nonzero(_t(x), dim=_axis(axis)).to(torch.int32)


def average(x, axis=None, weights=None):
    x = _float_tensor(x)
    if weights is None:
        return mean(x, axis)
    w = _t(weights).to(x.dtype)
    if axis is not None and w.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = -1
        w = w.reshape(shape)
    return sum(x * w, axis) / sum(w * torch.ones_like(x), axis)


def norm(x, ord=None, axis=None, keepdims=False):
    x = _float_tensor(x)
    return torch.linalg.norm(x, ord=ord, dim=_axis(axis), keepdim=keepdims)


def top_k(x, k, sorted=True):
    out = torch.topk(_t(x), k, sorted=sorted)
    return out.values, out.indices.to(torch.int32)


# --- linear algebra ------------------------------------------------------------------------
def matmul(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    if x1.dtype != x2.dtype:
        x1, x2 = _promote(x1, x2)
    return torch.matmul(x1, x2)


def dot(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    if x2.ndim == 1:
        return torch.matmul(x1, x2)
    if x1.ndim <= 2:
        return torch.matmul(x1, x2)
    return torch.tensordot(x1, x2, dims=([-1], [-2]))


def tensordot(x1, x2, axes=2):
    x1, x2 = _t(x1), _t(x2)
    if isinstance(axes, (list, tuple)):
        axes = [list(np.atleast_1d(a)) for a in axes]
    return torch.tensordot(x1, x2, dims=axes)


def einsum(subscripts, *operands):
    return torch.einsum(subscripts, *[_t(o) for o in operands])


def outer(x1, x2):
    return torch.outer(_t(x1).flatten(), _t(x2).flatten())


def inner(x1, x2):
    return torch.inner(_t(x1), _t(x2))


def cross(x1, x2, axis=-1):
    return torch.linalg.cross(_t(x1), _t(x2), dim=axis)


def trace(x, offset=0, axis1=0, axis2=1):
    return torch.diagonal(_t(x), offset, axis1, axis2).sum(-1)


def diag(x, k=0):
    return torch.diag(_t(x), k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return torch.diagonal(_t(x), offset, axis1, axis2)


def tril(x, k=0):
    return torch.tril(_t(x), k)


def triu(x, k=0):
    return torch.triu(_t(x), k)


# --- shape manipulation ------------------------------------------------------------------
def reshape(x, newshape):
    if isinstance(newshape, int):
        newshape = (newshape,)
    return torch.reshape(_t(x), tuple(-1 if d is None else d for d in newshape))


def transpose(x, axes=None):
    x = _t(x)
    if axes is None:
        return x.permute(*reversed(range(x.ndim)))
    return x.permute(*axes)


def swapaxes(x, axis1, axis2):
    return torch.swapaxes(_t(x), axis1, axis2)


def moveaxis(x, source, destination):
    return torch.moveaxis(_t(x), source, destination)


def expand_dims(x, axis):
    x = _t(x)
    if isinstance(axis, int):
        return torch.unsqueeze(x, axis if axis >= 0 else axis + x.ndim + 1)
    for a in sorted(np.atleast_1d(axis).tolist()):
        x = torch.unsqueeze(x, a if a >= 0 else a + x.ndim + 1)
    return x


def squeeze(x, axis=None):
    x = _t(x)
    if axis is None:
        return torch.squeeze(x)
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (int(axis),)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(f"squeeze: axis {a} has size {x.shape[a]}, expected 1.")
    return torch.squeeze(x, dim=axes)


def ravel(x):
    return torch.ravel(_t(x))


def flatten(x):
    return torch.flatten(_t(x))


def concatenate(xs, axis=0):
    xs = [_t(x) for x in xs]
    dtype = xs[0].dtype
    for x in xs[1:]:
        dtype = torch.promote_types(dtype, x.dtype)
    return torch.cat([x.to(dtype) for x in xs], dim=axis if axis is not None else 0)


def stack(xs, axis=0):
    return torch.stack([_t(x) for x in xs], dim=axis)


def hstack(xs):
    return torch.hstack([_t(x) for x in xs])


def vstack(xs):
    return torch.vstack([_t(x) for x in xs])


def split(x, indices_or_sections, axis=0):
    x = _t(x)
    if isinstance(indices_or_sections, int):
        size = x.shape[axis]
        if size % indices_or_sections:
            raise ValueError(
                f"split: axis {axis} of size {size} does not divide into "
                f"{indices_or_sections} equal parts."
            )
        return list(torch.split(x, size // indices_or_sections, dim=axis))
    bounds = [0, *indices_or_sections, x.shape[axis]]
    return [x.narrow(axis, a, b - a) for a, b in zip(bounds[:-1], bounds[1:])]


def tile(x, repeats):
    return torch.tile(_t(x), tuple(np.atleast_1d(repeats).tolist()))


def repeat(x, repeats, axis=None):
    x = _t(x)
    if axis is None:
        x, axis = x.flatten(), 0
    repeats = repeats if isinstance(repeats, int) else _t(repeats)
    return torch.repeat_interleave(x, repeats, dim=axis)


def broadcast_to(x, shape):
    return torch.broadcast_to(_t(x), tuple(shape))


def flip(x, axis=None):
    x = _t(x)
    dims = tuple(range(x.ndim)) if axis is None else tuple(np.atleast_1d(axis).tolist())
    return torch.flip(x, dims)


def roll(x, shift, axis=None):
    return torch.roll(_t(x), shift, dims=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _t(x)
    pad_width = np.broadcast_to(np.asarray(pad_width), (x.ndim, 2)).tolist()
    flat = []
    for before, after in reversed(pad_width):
        flat += [before, after]
    if mode == "constant":
        return torch.nn.functional.pad(x, flat, value=constant_values or 0)
    return torch.nn.functional.pad(x, flat, mode=mode)


def take(x, indices, axis=None):
    x, indices = _t(x), _t(indices).long()
    if axis is None:
        return x.flatten()[indices]
    return torch.index_select(x, axis, indices.flatten()).reshape(
        x.shape[:axis % x.ndim] + indices.shape + x.shape[axis % x.ndim + 1 :]
    )


def take_along_axis(x, indices, axis=None):
    x, indices = _t(x), _t(indices).long()
    if axis is None:
        return x.flatten()[indices.flatten()]
    return torch.take_along_dim(x, indices, dim=axis)


def getitem(x, key):
    return _t(x)[key]


def size(x):
    return _t(x).numel()


def ndim(x):
    return _t(x).ndim


def shape(x):
    return tuple(_t(x).shape)


def unique(x):
    return torch.unique(_t(x))


def searchsorted(sorted_sequence, values, side="left"):
    values = _t(values).contiguous()  # torch copies (and warns) on strided values anyway
    return torch.searchsorted(_t(sorted_sequence), values, right=side == "right")


def bincount(x, weights=None, minlength=0):
    return torch.bincount(_t(x).long(), _t(weights) if weights is not None else None, minlength)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """Sums the rows of ``data`` that share a segment id; ids outside the range are dropped."""
    data, ids = _t(data), _t(segment_ids).long()
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.numel() else 0
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    out = data.new_zeros((num_segments + 1,) + tuple(data.shape[1:]))
    return out.index_add_(0, ids, data)[:num_segments]


def digitize(x, bins):
    return torch.bucketize(_t(x), _t(bins), right=True).to(torch.int32)


def meshgrid(*xs, indexing="xy"):
    return list(torch.meshgrid(*[_t(x) for x in xs], indexing=indexing))


def copy(x):
    return _t(x).clone()


def array(x, dtype=None):
    return _t(x, dtype=dtype)


def asarray(x, dtype=None):
    return _t(x, dtype=dtype)


def conj(x):
    return torch.conj(_t(x))


def real(x):
    return torch.real(_t(x))


def imag(x):
    return torch.imag(_t(x))


def nonzero(x):
    return tuple(i.to(torch.int32) for i in torch.nonzero(_t(x), as_tuple=True))


def slice(x, start_indices, shape):
    x = _t(x)
    index = tuple(
        builtins.slice(int(s), int(s) + int(n)) for s, n in zip(start_indices, shape)
    )
    return x[index]


def dtype_name(x) -> str:
    return standardize_dtype(_t(x).dtype)


def astype(x, dtype):
    return cast(x, dtype)
