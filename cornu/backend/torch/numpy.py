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


# --- Keras 3.15 NumPy-family extras ---------------------------------------------------------
_SMALL_INTS = (torch.bool, torch.int8, torch.int16, torch.int32, torch.uint8, torch.uint16)
_LOW_FLOATS = (torch.float16, torch.bfloat16)


def _is_int_or_bool(t) -> bool:
    return not (t.dtype.is_floating_point or t.dtype.is_complex)


def _to_float(x, wide_int64=False):
    """Floats stay as they are; ints and bools become floatx (int64 -> float64 if wide)."""
    x = _t(x)
    if x.dtype.is_floating_point or x.dtype.is_complex:
        return x
    if wide_int64 and x.dtype == torch.int64:
        return x.to(torch.float64)
    return x.to(to_torch_dtype(floatx()))


def _promote_all(*xs):
    """Converts all operands to tensors of one dtype (0-d operands weakly typed vs floats)."""
    ts = [_t(x) for x in xs]
    ref = ts[0]
    for other in ts[1:]:
        ref, _ = _promote(ref, other)
    return [t if t.dtype == ref.dtype else t.to(ref.dtype) for t in ts]


def _dims(x, axis):
    """Normalised tuple of reduction dims (all dims when ``axis`` is None)."""
    if axis is None:
        return tuple(range(x.ndim))
    axes = tuple(int(a) for a in np.atleast_1d(axis).tolist())
    out = []
    for a in axes:
        if not -x.ndim <= a < builtins.max(x.ndim, 1):
            raise ValueError(
                f"axis {a} is out of bounds for a tensor of rank {x.ndim}; "
                f"expected an axis in [{-x.ndim}, {x.ndim - 1}]."
            )
        out.append(a % builtins.max(x.ndim, 1))
    return tuple(sorted(set(out)))


def _reduce(x, axis, keepdims, fn):
    """Applies ``fn(x, dims, keepdim)`` over the normalised axes; 0-d inputs are handled."""
    if x.ndim == 0:
        return fn(x.reshape(1), (0,), False)
    dims = _dims(x, axis)
    if not dims:
        return x
    return fn(x, dims, keepdims)


def _sum_dtype(dtype):
    if dtype in _SMALL_INTS:
        return torch.int32
    if not (dtype.is_floating_point or dtype.is_complex):
        return torch.int64
    return dtype


def _require_int(name, *ts):
    for i, t in enumerate(ts):
        if t.dtype.is_floating_point or t.dtype.is_complex:
            raise TypeError(
                f"{name}: expected integer or boolean inputs, but argument {i} has dtype "
                f"{standardize_dtype(t.dtype)}."
            )


def _int_pair(name, x, y, allow_bool=True):
    """Converts two integer operands; a Python int is weakly typed against a tensor."""
    if isinstance(y, (int, bool)) and not isinstance(x, (int, bool)):
        x = _t(x)
        y = _t(y, dtype=x.dtype)
    elif isinstance(x, (int, bool)) and not isinstance(y, (int, bool)):
        y = _t(y)
        x = _t(x, dtype=y.dtype)
    x, y = _t(x), _t(y)
    _require_int(name, x, y)
    x, y = _promote_all(x, y)
    if not allow_bool and x.dtype == torch.bool:
        x, y = x.to(torch.int32), y.to(torch.int32)
    return x, y


def angle(x):
    """The argument (phase angle) of each element, in radians."""
    x = _t(x)
    if x.dtype.is_complex:
        return torch.angle(x)
    return torch.angle(_to_float(x))


def append(x1, x2, axis=None):
    """Appends ``x2`` to ``x1`` along ``axis`` (both flattened when axis is None)."""
    x1, x2 = _promote_all(x1, x2)
    if axis is None:
        return torch.cat([x1.flatten(), x2.flatten()])
    return torch.cat([x1, x2], dim=axis)


def argpartition(x, kth, axis=-1):
    """Indices that partition ``x`` around its ``kth`` smallest element along ``axis``."""
    x = _t(x)
    if x.ndim == 0:
        raise ValueError("argpartition: expected a tensor of rank >= 1, got a scalar.")
    n = x.shape[axis]
    for k in np.atleast_1d(kth).tolist():
        if not -n <= int(k) < n:
            raise ValueError(f"argpartition: kth={k} is out of bounds for axis of size {n}.")
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def array_split(x, indices_or_sections, axis=0):
    """Splits ``x`` into sections that may differ in size by one (or at given indices)."""
    x = _t(x)
    if isinstance(indices_or_sections, int) and indices_or_sections <= 0:
        raise ValueError(
            f"array_split: indices_or_sections must be a positive int or a list of indices, "
            f"got {indices_or_sections}."
        )
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in np.atleast_1d(indices_or_sections).tolist()]
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


def _window_size(name, x):
    if isinstance(x, torch.Tensor):
        if x.dtype.is_floating_point or x.dtype.is_complex or x.numel() != 1:
            raise TypeError(f"{name}: expected an integer window length, got {x!r}.")
        x = int(x)
    elif isinstance(x, np.ndarray) or isinstance(x, np.generic):
        if not np.issubdtype(np.asarray(x).dtype, np.integer) or np.size(x) != 1:
            raise TypeError(f"{name}: expected an integer window length, got {x!r}.")
        x = int(x)
    elif not isinstance(x, (int, bool)):
        raise TypeError(f"{name}: expected an integer window length, got {x!r}.")
    return builtins.max(int(x), 0)


def _window(name, x, fn):
    m = _window_size(name, x)
    dtype = to_torch_dtype(floatx())
    if m == 0:
        return torch.zeros(0, dtype=dtype, device=_dev())
    if m == 1:
        return torch.ones(1, dtype=dtype, device=_dev())
    n = torch.arange(m, dtype=torch.float64, device=_dev())
    return fn(n, m).to(dtype)


def bartlett(x):
    """The Bartlett (triangular) window of length ``x``."""
    return _window(
        "bartlett", x, lambda n, m: 1.0 - torch.abs(2.0 * n / (m - 1) - 1.0)
    )


def blackman(x):
    """The Blackman window of length ``x``."""

    def fn(n, m):
        a = 2.0 * np.pi * n / (m - 1)
        return 0.42 - 0.5 * torch.cos(a) + 0.08 * torch.cos(2.0 * a)

    return _window("blackman", x, fn)


def hamming(x):
    """The Hamming window of length ``x``."""
    return _window(
        "hamming", x, lambda n, m: 0.54 - 0.46 * torch.cos(2.0 * np.pi * n / (m - 1))
    )


def hanning(x):
    """The Hann window of length ``x``."""
    return _window(
        "hanning", x, lambda n, m: 0.5 - 0.5 * torch.cos(2.0 * np.pi * n / (m - 1))
    )


def kaiser(x, beta):
    """The Kaiser window of length ``x`` with shape parameter ``beta``."""
    beta = float(beta)

    def fn(n, m):
        r = 2.0 * n / (m - 1) - 1.0
        arg = beta * torch.sqrt(torch.clamp(1.0 - r * r, min=0.0))
        return torch.special.i0(arg) / torch.special.i0(torch.tensor(beta, dtype=torch.float64))

    return _window("kaiser", x, fn)


def bitwise_and(x, y):
    """Elementwise bitwise AND of integer or boolean tensors."""
    x, y = _int_pair("bitwise_and", x, y)
    return torch.bitwise_and(x, y)


def bitwise_or(x, y):
    """Elementwise bitwise OR of integer or boolean tensors."""
    x, y = _int_pair("bitwise_or", x, y)
    return torch.bitwise_or(x, y)


def bitwise_xor(x, y):
    """Elementwise bitwise XOR of integer or boolean tensors."""
    x, y = _int_pair("bitwise_xor", x, y)
    return torch.bitwise_xor(x, y)


def bitwise_invert(x):
    """Elementwise bitwise NOT of an integer or boolean tensor."""
    x = _t(x)
    _require_int("bitwise_invert", x)
    return torch.bitwise_not(x)


def bitwise_not(x):
    """Elementwise bitwise NOT of an integer or boolean tensor."""
    x = _t(x)
    _require_int("bitwise_not", x)
    return torch.bitwise_not(x)


def bitwise_left_shift(x, y):
    """Shifts the bits of ``x`` left by ``y``."""
    x, y = _int_pair("bitwise_left_shift", x, y, allow_bool=False)
    return torch.bitwise_left_shift(x, y)


def bitwise_right_shift(x, y):
    """Shifts the bits of ``x`` right by ``y`` (arithmetic shift for signed ints)."""
    x, y = _int_pair("bitwise_right_shift", x, y, allow_bool=False)
    return torch.bitwise_right_shift(x, y)


def left_shift(x, y):
    """Shifts the bits of ``x`` left by ``y``."""
    x, y = _int_pair("left_shift", x, y, allow_bool=False)
    return torch.bitwise_left_shift(x, y)


def right_shift(x, y):
    """Shifts the bits of ``x`` right by ``y``."""
    x, y = _int_pair("right_shift", x, y, allow_bool=False)
    return torch.bitwise_right_shift(x, y)


def cbrt(x):
    """Elementwise real cube root."""
    x = _to_float(x, wide_int64=True)
    return torch.sign(x) * torch.abs(x).pow(1.0 / 3.0)


def conjugate(x):
    """Elementwise complex conjugate (real tensors are returned unchanged)."""
    x = _t(x)
    return torch.conj_physical(x) if x.dtype.is_complex else x


def corrcoef(x):
    """Pearson correlation coefficients of the rows of ``x``."""
    x = _to_float(x, wide_int64=True)
    if x.ndim > 2:
        raise ValueError(f"corrcoef: expected a tensor of rank 1 or 2, got rank {x.ndim}.")
    return torch.corrcoef(x)


def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D sequences (``mode`` is valid, same or full)."""
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            f"correlate: mode must be one of 'valid', 'same', 'full', got {mode!r}."
        )
    x1, x2 = _promote_all(x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(
            f"correlate: expected 1-D inputs, got shapes {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    if x1.numel() == 0 or x2.numel() == 0:
        raise ValueError("correlate: inputs must not be empty.")
    if _is_int_or_bool(x1):
        x1, x2 = x1.to(to_torch_dtype(floatx())), x2.to(to_torch_dtype(floatx()))
    n, m = x1.shape[0], x2.shape[0]
    v = torch.conj_physical(x2) if x2.dtype.is_complex else x2
    padded = torch.nn.functional.pad(x1, (m - 1, m - 1))
    full_out = (padded.unfold(0, m, 1) * v).sum(-1)
    if mode == "full":
        return full_out
    lo, hi = builtins.min(n, m), builtins.max(n, m)
    if mode == "same":
        start = (lo - 1) // 2 if n >= m else lo // 2
        return full_out[start : start + hi]
    return full_out[lo - 1 : lo - 1 + hi - lo + 1]


def deg2rad(x):
    """Converts angles from degrees to radians."""
    x = _to_float(x, wide_int64=True)
    return x * (np.pi / 180.0)


def rad2deg(x):
    """Converts angles from radians to degrees."""
    x = _to_float(x, wide_int64=True)
    return x * (180.0 / np.pi)


def diagflat(x, k=0):
    """A 2-D tensor with the flattened input on its ``k``-th diagonal."""
    return torch.diagflat(_t(x), offset=k)


def diff(a, n=1, axis=-1):
    """The ``n``-th discrete difference along ``axis``."""
    a = _t(a)
    if int(n) < 0:
        raise ValueError(f"diff: order n must be non-negative, got {n}.")
    if int(n) == 0:
        return a
    if a.ndim == 0:
        raise ValueError("diff: expected a tensor of rank >= 1, got a scalar.")
    return torch.diff(a, n=int(n), dim=axis)


def _named_split(name, x, indices_or_sections, axis):
    if isinstance(indices_or_sections, int):
        size = x.shape[axis]
        if indices_or_sections <= 0 or size % indices_or_sections:
            raise ValueError(
                f"{name}: axis {axis} of size {size} does not divide into "
                f"{indices_or_sections} equal parts."
            )
    else:
        indices_or_sections = [int(i) for i in np.atleast_1d(indices_or_sections).tolist()]
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


def hsplit(x, indices_or_sections):
    """Splits ``x`` along its second axis (the first for 1-D tensors)."""
    x = _t(x)
    if x.ndim == 0:
        raise ValueError("hsplit: expected a tensor of rank >= 1, got a scalar.")
    return _named_split("hsplit", x, indices_or_sections, 1 if x.ndim > 1 else 0)


def vsplit(x, indices_or_sections):
    """Splits ``x`` along its first axis (rank >= 2)."""
    x = _t(x)
    if x.ndim < 2:
        raise ValueError(f"vsplit: expected a tensor of rank >= 2, got rank {x.ndim}.")
    return _named_split("vsplit", x, indices_or_sections, 0)


def dsplit(x, indices_or_sections):
    """Splits ``x`` along its third axis (rank >= 3)."""
    x = _t(x)
    if x.ndim < 3:
        raise ValueError(f"dsplit: expected a tensor of rank >= 3, got rank {x.ndim}.")
    return _named_split("dsplit", x, indices_or_sections, 2)


def dstack(xs):
    """Stacks tensors depth-wise (along the third axis)."""
    if not isinstance(xs, (list, tuple)) or not xs:
        raise ValueError("dstack: expected a non-empty list of tensors.")
    return torch.dstack(_promote_all(*xs))


def empty(shape, dtype=None):
    """An uninitialised tensor of the given shape and dtype."""
    if isinstance(shape, int):
        shape = (shape,)
    return torch.empty(tuple(shape), dtype=to_torch_dtype(dtype or floatx()), device=_dev())


def empty_like(x, dtype=None):
    """An uninitialised tensor with the shape (and by default the dtype) of ``x``."""
    return torch.empty_like(_t(x), dtype=to_torch_dtype(dtype))


def fabs(x):
    """Elementwise absolute value, as floats."""
    return torch.abs(_to_float(x))


def fliplr(x):
    """Reverses the order of columns (axis 1)."""
    x = _t(x)
    if x.ndim < 2:
        raise ValueError(f"fliplr: expected a tensor of rank >= 2, got rank {x.ndim}.")
    return torch.flip(x, (1,))


def flipud(x):
    """Reverses the order of rows (axis 0)."""
    x = _t(x)
    if x.ndim < 1:
        raise ValueError("flipud: expected a tensor of rank >= 1, got a scalar.")
    return torch.flip(x, (0,))


def _weak_pair(x1, x2):
    """Promotes two operands; a Python scalar takes the other operand's dtype when it fits."""
    if isinstance(x2, (int, float)) and not isinstance(x1, (int, float, bool)):
        x1 = _t(x1)
        if isinstance(x2, float) and _is_int_or_bool(x1):
            x1 = x1.to(to_torch_dtype(floatx()))
        elif not isinstance(x2, bool) and x1.dtype == torch.bool:
            x1 = x1.to(torch.int32)
        return x1, _t(x2, dtype=x1.dtype)
    if isinstance(x1, (int, float)) and not isinstance(x2, (int, float, bool)):
        b, a = _weak_pair(x2, x1)
        return a, b
    return tuple(_promote_all(x1, x2))


def fmax(x1, x2):
    """Elementwise maximum that ignores NaNs."""
    x1, x2 = _weak_pair(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_or(x1, x2)
    return torch.fmax(x1, x2)


def fmin(x1, x2):
    """Elementwise minimum that ignores NaNs."""
    x1, x2 = _weak_pair(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_and(x1, x2)
    return torch.fmin(x1, x2)


def fmod(x1, x2):
    """Elementwise remainder of division, with the sign of the dividend."""
    x1, x2 = _weak_pair(x1, x2)
    if x1.dtype == torch.bool:
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch.fmod(x1, x2)


def gcd(x1, x2):
    """Elementwise greatest common divisor of integers."""
    x1, x2 = _int_pair("gcd", x1, x2, allow_bool=False)
    return torch.gcd(x1, x2)


def lcm(x1, x2):
    """Elementwise least common multiple of integers."""
    x1, x2 = _int_pair("lcm", x1, x2, allow_bool=False)
    return torch.lcm(x1, x2)


def _linear_grid(start, stop, num, endpoint):
    """``num`` evenly spaced float64 values from start to stop along a new first axis."""
    num = int(num)
    if num < 0:
        raise ValueError(f"num must be non-negative, got {num}.")
    start = _t(start).to(torch.float64)
    stop = _t(stop).to(torch.float64)
    start, stop = torch.broadcast_tensors(start, stop)
    div = (num - 1) if endpoint else num
    steps = torch.arange(num, dtype=torch.float64, device=start.device)
    steps = steps.reshape((num,) + (1,) * start.ndim)
    if div > 0:
        out = start + steps * ((stop - start) / div)
    else:
        out = start + steps * (stop - start)
    if endpoint and num > 1:
        out[-1] = stop
    return out, start, stop


def _place_axis(out, axis, ndim):
    axis = int(axis)
    if axis < 0:
        axis += ndim + 1
    return torch.movedim(out, 0, axis) if axis != 0 else out


def _space_dtype(dtype, *values):
    if dtype is not None:
        return to_torch_dtype(dtype)
    for v in values:
        if isinstance(v, (torch.Tensor, np.ndarray)) and v.dtype in (torch.float64, np.float64):
            return torch.float64
    return to_torch_dtype(floatx())


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale, from base**start to base**stop."""
    out, s, _ = _linear_grid(start, stop, num, endpoint)
    out = torch.pow(torch.as_tensor(float(base), dtype=torch.float64), out)
    out = _place_axis(out, axis, s.ndim)
    return out.to(_space_dtype(dtype, start, stop))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale (a geometric progression) from start to stop."""
    s0, s1 = _t(start).to(torch.float64), _t(stop).to(torch.float64)
    if bool(torch.any(s0 == 0)) or bool(torch.any(s1 == 0)):
        raise ValueError("geomspace: start and stop must be non-zero.")
    sign = torch.where((s0 < 0) & (s1 < 0), -1.0, 1.0).to(torch.float64)
    out, s, e = _linear_grid(torch.log(torch.abs(s0)), torch.log(torch.abs(s1)), num, endpoint)
    out = torch.exp(out)
    s0b, s1b = torch.broadcast_tensors(torch.abs(s0), torch.abs(s1))
    if int(num) > 0:
        out[0] = s0b
    if endpoint and int(num) > 1:
        out[-1] = s1b
    out = out * sign
    out = _place_axis(out, axis, s.ndim)
    return out.to(_space_dtype(dtype, start, stop))


def _index_key(key):
    if isinstance(key, tuple):
        return tuple(_index_key(k) for k in key)
    if isinstance(key, list):
        return _t(key)
    if isinstance(key, np.ndarray):
        return _t(key)
    if isinstance(key, torch.Tensor) and key.dtype not in (torch.bool, torch.int64):
        if key.dtype.is_floating_point or key.dtype.is_complex:
            raise TypeError(f"get_item: index tensors must be integer or bool, got {key.dtype}.")
        return key.long()
    return key


def get_item(x, key):
    """``x[key]``, with tensors, arrays, slices, ints, None and Ellipsis as keys."""
    return _t(x)[_index_key(key)]


def heaviside(x1, x2):
    """The Heaviside step function: 0 for x1 < 0, x2 for x1 == 0, 1 for x1 > 0."""
    x1, x2 = _weak_pair(x1, x2)
    if x1.dtype == torch.bool:
        return torch.where(x1, torch.ones_like(x1), x2)
    x1, x2 = _to_float(x1), _to_float(x2)
    one, zero = torch.ones_like(x1), torch.zeros_like(x1)
    out = torch.where(x1 > 0, one, torch.where(x1 < 0, zero, x2.expand_as(x1)))
    return torch.where(torch.isnan(x1), x1, out)


def histogram(x, bins=10, range=None):
    """Counts of ``x`` in ``bins`` equal-width bins; returns (counts, bin_edges)."""
    x = _to_float(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: expected a 1-D input, got shape {tuple(x.shape)}.")
    if isinstance(bins, int):
        if bins <= 0:
            raise ValueError(f"histogram: bins must be a positive int, got {bins}.")
        if range is None:
            if x.numel() == 0:
                lo, hi = 0.0, 1.0
            else:
                lo, hi = float(x.min()), float(x.max())
        else:
            if len(range) != 2 or float(range[0]) > float(range[1]):
                raise ValueError(f"histogram: range must be (min, max), got {range}.")
            lo, hi = float(range[0]), float(range[1])
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = torch.linspace(lo, hi, bins + 1, dtype=torch.float64, device=x.device)
        nbins = bins
    else:
        edges = _t(bins).to(torch.float64)
        if edges.ndim != 1 or edges.numel() < 2:
            raise ValueError("histogram: bins must be an int or a 1-D sequence of >= 2 edges.")
        nbins = edges.numel() - 1
    xd = x.to(torch.float64)
    idx = torch.searchsorted(edges, xd.contiguous(), right=True) - 1
    idx = torch.where(xd == edges[-1], nbins - 1, idx)
    valid = (idx >= 0) & (idx < nbins) & ~torch.isnan(xd)
    idx = torch.where(valid, idx, nbins)
    counts = torch.zeros(nbins + 1, dtype=torch.float64, device=x.device)
    counts = counts.index_add(0, idx, torch.ones_like(xd))[:nbins]
    return counts.to(x.dtype), edges.to(x.dtype)


def hypot(x1, x2):
    """Elementwise sqrt(x1**2 + x2**2)."""
    x1, x2 = _weak_pair(x1, x2)
    x1, x2 = _to_float(x1), _to_float(x2)
    return torch.hypot(x1, x2)


def i0(x):
    """The modified Bessel function of the first kind, order 0."""
    x = _to_float(x, wide_int64=True)
    return torch.special.i0(x)


def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of ``x1`` is in ``x2``."""
    x1, x2 = _promote_all(x1, x2)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def isneginf(x):
    """Elementwise test for negative infinity."""
    x = _t(x)
    if _is_int_or_bool(x):
        return torch.zeros_like(x, dtype=torch.bool)
    return torch.isneginf(x)


def isposinf(x):
    """Elementwise test for positive infinity."""
    x = _t(x)
    if _is_int_or_bool(x):
        return torch.zeros_like(x, dtype=torch.bool)
    return torch.isposinf(x)


def isreal(x):
    """Elementwise test for a zero imaginary part."""
    return torch.isreal(_t(x))


def kron(x1, x2):
    """The Kronecker product of two tensors."""
    x1, x2 = _promote_all(x1, x2)
    if x1.dtype == torch.bool:
        return torch.kron(x1.to(torch.uint8), x2.to(torch.uint8)).bool()
    return torch.kron(x1, x2)


def ldexp(x1, x2):
    """Elementwise x1 * 2**x2 (``x2`` must be integer)."""
    x2 = _t(x2) if not isinstance(x2, int) else x2
    if isinstance(x2, float) or (
        isinstance(x2, torch.Tensor) and (x2.dtype.is_floating_point or x2.dtype.is_complex)
    ):
        raise TypeError(f"ldexp: the exponent x2 must be integer, got {type(x2).__name__} "
                        f"{getattr(x2, 'dtype', '')}.")
    x1 = _to_float(x1)
    x2 = _t(x2, dtype=torch.int32) if isinstance(x2, int) else x2
    return x1 * torch.pow(torch.tensor(2.0, dtype=x1.dtype, device=x1.device), x2.to(x1.dtype))


def logaddexp2(x1, x2):
    """Elementwise log2(2**x1 + 2**x2)."""
    x1, x2 = _weak_pair(x1, x2)
    x1, x2 = _to_float(x1), _to_float(x2)
    return torch.logaddexp2(x1, x2)


# --- quantiles ---------------------------------------------------------------------------
_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, x, q, axis, method, keepdims, ignore_nan, scale=1.0):
    if method not in _QUANTILE_METHODS:
        raise ValueError(
            f"{name}: method must be one of {', '.join(_QUANTILE_METHODS)}, got {method!r}."
        )
    if not isinstance(q, torch.Tensor):
        q_np = np.asarray(q, dtype=np.float64) / scale
        if q_np.ndim > 1:
            raise ValueError(f"{name}: q must be a scalar or 1-D, got shape {q_np.shape}.")
        if np.any(q_np < 0) or np.any(q_np > 1):
            bound = "[0, 100]" if scale != 1.0 else "[0, 1]"
            raise ValueError(f"{name}: q must lie in {bound}, got {q}.")
    x = _to_float(x)
    out_dtype = x.dtype
    if x.dtype in _LOW_FLOATS:
        x = x.float()
    qt = _t(q).to(device=x.device, dtype=torch.float64) / scale
    if qt.ndim > 1:
        raise ValueError(f"{name}: q must be a scalar or 1-D, got shape {tuple(qt.shape)}.")
    dims = _dims(x, axis) if x.ndim else ()
    other = [d for d in range(x.ndim) if d not in dims]
    xp = x.permute(other + list(dims)).reshape([x.shape[d] for d in other] + [-1])
    n = xp.shape[-1]
    nan_mask = torch.isnan(xp)
    s = torch.sort(xp, dim=-1).values
    if ignore_nan:
        cnt = (~nan_mask).sum(-1).to(torch.float64)
    else:
        cnt = torch.full(xp.shape[:-1], float(n), dtype=torch.float64, device=x.device)
    qf = qt.reshape((-1,) + (1,) * (xp.ndim - 1))
    pos = qf * (cnt - 1).clamp(min=0)
    top = builtins.max(n - 1, 0)
    lo_i = torch.floor(pos).clamp(0, top).long()
    hi_i = torch.ceil(pos).clamp(0, top).long()
    expanded = s.unsqueeze(0).expand((qf.shape[0],) + tuple(s.shape))

    def pick(i):
        return torch.gather(expanded, -1, i.unsqueeze(-1)).squeeze(-1)

    if method == "lower":
        v = pick(lo_i)
    elif method == "higher":
        v = pick(hi_i)
    elif method == "nearest":
        v = pick(torch.round(pos).clamp(0, top).long())
    else:
        v_lo, v_hi = pick(lo_i), pick(hi_i)
        if method == "midpoint":
            frac = torch.where(hi_i > lo_i, 0.5, 0.0).to(x.dtype)
        else:
            frac = (pos - lo_i.to(torch.float64)).to(x.dtype)
        v = torch.where(hi_i > lo_i, v_lo + (v_hi - v_lo) * frac, v_lo)
    if ignore_nan:
        v = torch.where(cnt == 0, torch.full_like(v, float("nan")), v)
    else:
        v = torch.where(nan_mask.any(-1), torch.full_like(v, float("nan")), v)
    if keepdims:
        kept = [1 if d in dims else x.shape[d] for d in range(x.ndim)]
        v = v.reshape((v.shape[0],) + tuple(kept))
    if qt.ndim == 0:
        v = v[0]
    return v.to(out_dtype)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th quantiles (q in [0, 1]) of ``x`` along ``axis``."""
    return _quantile("quantile", x, q, axis, method, keepdims, False)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th percentiles (q in [0, 100]) of ``x`` along ``axis``."""
    return _quantile("percentile", x, q, axis, method, keepdims, False, scale=100.0)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th quantiles of ``x`` along ``axis``, ignoring NaNs."""
    return _quantile("nanquantile", x, q, axis, method, keepdims, True)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th percentiles of ``x`` along ``axis``, ignoring NaNs."""
    return _quantile("nanpercentile", x, q, axis, method, keepdims, True, scale=100.0)


def median(x, axis=None, keepdims=False):
    """The median of ``x`` along ``axis``."""
    return _quantile("median", x, 0.5, axis, "linear", keepdims, False)


def nanmedian(x, axis=None, keepdims=False):
    """The median of ``x`` along ``axis``, ignoring NaNs."""
    return _quantile("nanmedian", x, 0.5, axis, "linear", keepdims, True)


# --- NaN-aware reductions ------------------------------------------------------------------
def _fill_nan(x, value):
    if x.dtype.is_floating_point or x.dtype.is_complex:
        return torch.where(torch.isnan(x), torch.full_like(x, value), x)
    return x


def nansum(x, axis=None, keepdims=False):
    """Sum of ``x`` along ``axis``, treating NaNs as zero."""
    x = _t(x)
    dtype = _sum_dtype(x.dtype)
    x = _fill_nan(x, 0.0)
    return _reduce(x, axis, keepdims, lambda t, d, k: torch.sum(t, dim=d, keepdim=k)).to(dtype)


def nanprod(x, axis=None, keepdims=False):
    """Product of ``x`` along ``axis``, treating NaNs as one."""
    x = _t(x)
    dtype = _sum_dtype(x.dtype)
    x = _fill_nan(x, 1.0)
    if x.dtype == torch.bool:
        x = x.to(dtype)

    def fn(t, dims, keep):
        for a in sorted(dims, reverse=True):
            t = torch.prod(t, dim=a, keepdim=keep)
        return t

    return _reduce(x, axis, keepdims, fn).to(dtype)


def _nan_extreme(x, axis, keepdims, largest):
    x = _t(x)
    reduce_fn = torch.amax if largest else torch.amin
    if _is_int_or_bool(x):
        if x.dtype == torch.bool:
            red = torch.any if largest else torch.all

            def fn(t, dims, keep):
                for a in sorted(dims, reverse=True):
                    t = red(t, dim=a, keepdim=keep)
                return t

            return _reduce(x, axis, keepdims, fn)
        return _reduce(x, axis, keepdims, lambda t, d, k: reduce_fn(t, dim=d, keepdim=k))
    fill = float("-inf") if largest else float("inf")
    nan = torch.isnan(x)
    filled = torch.where(nan, torch.full_like(x, fill), x)
    out = _reduce(filled, axis, keepdims, lambda t, d, k: reduce_fn(t, dim=d, keepdim=k))
    all_nan = _reduce(nan, axis, keepdims, _all_dims)
    return torch.where(all_nan, torch.full_like(out, float("nan")), out)


def _all_dims(t, dims, keep):
    for a in sorted(dims, reverse=True):
        t = torch.all(t, dim=a, keepdim=keep)
    return t


def nanmax(x, axis=None, keepdims=False):
    """Maximum of ``x`` along ``axis``, ignoring NaNs (NaN where all are NaN)."""
    return _nan_extreme(x, axis, keepdims, True)


def nanmin(x, axis=None, keepdims=False):
    """Minimum of ``x`` along ``axis``, ignoring NaNs (NaN where all are NaN)."""
    return _nan_extreme(x, axis, keepdims, False)


def _nan_arg(x, axis, keepdims, largest):
    x = _t(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    nd = x.ndim
    if axis is None:
        flat = x.flatten()
        out = _nan_arg(flat, 0, False, largest)
        return out.reshape([1] * nd) if keepdims else out
    if nd == 0:
        raise ValueError(f"axis {axis} is out of bounds for a scalar input.")
    axis = int(axis)
    if not -nd <= axis < nd:
        raise ValueError(f"axis {axis} is out of bounds for a tensor of rank {nd}.")
    ext = _nan_extreme(x, axis, True, largest)
    hit = x == ext
    if not _is_int_or_bool(x):
        hit = hit & ~torch.isnan(x)
    idx = torch.argmax(hit.to(torch.uint8), dim=axis, keepdim=True)
    idx = torch.where(hit.any(dim=axis, keepdim=True), idx, torch.full_like(idx, -1))
    if not keepdims:
        idx = idx.squeeze(axis)
    return idx.to(torch.int32)


def nanargmax(x, axis=None, keepdims=False):
    """Index of the maximum along ``axis``, ignoring NaNs (-1 where all are NaN)."""
    return _nan_arg(x, axis, keepdims, True)


def nanargmin(x, axis=None, keepdims=False):
    """Index of the minimum along ``axis``, ignoring NaNs (-1 where all are NaN)."""
    return _nan_arg(x, axis, keepdims, False)


def _nan_cum(name, x, axis, dtype, fill, fn):
    x = _t(x)
    out_dtype = to_torch_dtype(dtype) if dtype is not None else _cum_dtype(x.dtype)
    x = _fill_nan(x, fill)
    if axis is None:
        x, axis = x.flatten(), 0
    if x.ndim == 0:
        x = x.reshape(1)
    return fn(x, dim=axis).to(out_dtype)


def _cum_dtype(dtype):
    if dtype == torch.bool:
        return torch.int32
    return dtype


def nancumsum(x, axis=None, dtype=None):
    """Cumulative sum along ``axis``, treating NaNs as zero."""
    return _nan_cum("nancumsum", x, axis, dtype, 0.0, torch.cumsum)


def nancumprod(x, axis=None, dtype=None):
    """Cumulative product along ``axis``, treating NaNs as one."""
    return _nan_cum("nancumprod", x, axis, dtype, 1.0, torch.cumprod)


def _nan_count(x, axis, keepdims):
    valid = (~torch.isnan(x)).to(x.dtype)
    return _reduce(valid, axis, keepdims, lambda t, d, k: torch.sum(t, dim=d, keepdim=k))


def nanmean(x, axis=None, keepdims=False):
    """Mean of ``x`` along ``axis``, ignoring NaNs."""
    x = _to_float(x)
    total = _reduce(_fill_nan(x, 0.0), axis, keepdims,
                    lambda t, d, k: torch.sum(t, dim=d, keepdim=k))
    return total / _nan_count(x, axis, keepdims)


def nanvar(x, axis=None, keepdims=False):
    """Variance of ``x`` along ``axis``, ignoring NaNs."""
    x = _to_float(x)
    m = nanmean(x, axis, keepdims=True)
    d = _fill_nan(x - m, 0.0)
    sq = d * torch.conj(d) if d.dtype.is_complex else d * d
    total = _reduce(sq, axis, keepdims, lambda t, dd, k: torch.sum(t, dim=dd, keepdim=k))
    out = total / _nan_count(x, axis, keepdims)
    return out.real if out.dtype.is_complex else out


def nanstd(x, axis=None, keepdims=False):
    """Standard deviation of ``x`` along ``axis``, ignoring NaNs."""
    return torch.sqrt(nanvar(x, axis, keepdims))


def nextafter(x1, x2):
    """The next representable float after ``x1`` in the direction of ``x2``."""
    x1, x2 = _weak_pair(x1, x2)
    x1, x2 = _to_float(x1), _to_float(x2)
    return torch.nextafter(x1, x2)


def ptp(x, axis=None, keepdims=False):
    """Range (maximum - minimum) of ``x`` along ``axis``."""
    x = _t(x)
    if x.dtype == torch.bool:
        raise TypeError("ptp: boolean inputs are not supported; cast to an integer dtype.")
    hi = _reduce(x, axis, keepdims, lambda t, d, k: torch.amax(t, dim=d, keepdim=k))
    lo = _reduce(x, axis, keepdims, lambda t, d, k: torch.amin(t, dim=d, keepdim=k))
    return hi - lo


def rot90(array, k=1, axes=(0, 1)):
    """Rotates ``array`` by 90 degrees ``k`` times in the plane of ``axes``."""
    x = _t(array)
    if x.ndim < 2:
        raise ValueError(f"rot90: expected a tensor of rank >= 2, got rank {x.ndim}.")
    axes = tuple(axes)
    if len(axes) != 2 or axes[0] % x.ndim == axes[1] % x.ndim:
        raise ValueError(f"rot90: axes must be two different axes, got {axes}.")
    return torch.rot90(x, int(k), axes)


def select(condlist, choicelist, default=0):
    """Picks from ``choicelist`` where the matching ``condlist`` entry is first true."""
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise TypeError("select: condlist and choicelist must be lists of tensors.")
    if len(condlist) != len(choicelist) or not condlist:
        raise ValueError(
            f"select: condlist and choicelist must be non-empty and of equal length, got "
            f"{len(condlist)} and {len(choicelist)}."
        )
    choices = _promote_all(*choicelist)
    conds = [_t(c) for c in condlist]
    for c in conds:
        if c.dtype != torch.bool:
            raise TypeError(f"select: conditions must be boolean, got {c.dtype}.")
    dtype = choices[0].dtype
    out = _t(default, dtype=dtype) if isinstance(default, (int, float, bool)) else _t(default)
    if out.dtype != dtype:
        out, _ = _promote(out, choices[0])
        dtype = out.dtype
    for c, v in zip(reversed(conds), reversed(choices)):
        out = torch.where(c, v.to(dtype), out)
    shape = torch.broadcast_shapes(*[c.shape for c in conds], *[v.shape for v in choices])
    return torch.broadcast_to(out, shape)


def signbit(x):
    """Elementwise test for a set sign bit (true for negative numbers and -0.0)."""
    x = _t(x)
    if x.dtype == torch.bool:
        return torch.zeros_like(x, dtype=torch.bool)
    return torch.signbit(x)


def sinc(x):
    """The normalised sinc function sin(pi x) / (pi x)."""
    return torch.sinc(_to_float(x))


def slogdet(x):
    """Sign and natural log of the absolute determinant of square matrices."""
    x = _to_float(x)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"slogdet: expected square matrices (..., N, N), got shape {tuple(x.shape)}."
        )
    out = torch.linalg.slogdet(x)
    return out.sign, out.logabsdet


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of ``y`` along ``axis`` by the trapezoidal rule."""
    y = _to_float(y)
    if x is None:
        return torch.trapezoid(y, dx=float(dx), dim=axis)
    x = _t(x)
    if x.dtype.is_floating_point and x.dtype != y.dtype:
        y, x = _promote(y, x)
    return torch.trapezoid(y, x=x.to(y.dtype), dim=axis)


def unravel_index(indices, shape):
    """Converts flat indices into a tuple of coordinate tensors for ``shape``."""
    idx = _t(indices)
    if idx.dtype.is_floating_point or idx.dtype.is_complex:
        raise TypeError(f"unravel_index: indices must be integers, got {idx.dtype}.")
    dims = [int(d) for d in shape]
    idx = idx.to(torch.int64)
    coords = []
    for d in reversed(dims):
        coords.append(torch.remainder(idx, d))
        idx = torch.div(idx, d, rounding_mode="floor")
    return tuple(c.to(torch.int32) for c in reversed(coords))


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D tensor."""
    x = _t(x)
    if x.ndim != 1:
        raise ValueError(f"vander: expected a 1-D input, got shape {tuple(x.shape)}.")
    n = x.shape[0] if N is None else int(N)
    if n < 0:
        raise ValueError(f"vander: N must be non-negative, got {N}.")
    if x.dtype == torch.bool:
        out = torch.linalg.vander(x.to(torch.int32), N=n).bool() if n else x.new_zeros(
            (x.shape[0], 0))
    else:
        out = (torch.linalg.vander(x, N=n) if n else x.new_zeros((x.shape[0], 0))).to(x.dtype)
    return out if increasing else torch.flip(out, (1,))


def vdot(x1, x2):
    """Dot product of the flattened inputs, conjugating the first."""
    x1, x2 = _promote_all(x1, x2)
    x1, x2 = x1.flatten(), x2.flatten()
    if x1.numel() != x2.numel():
        raise ValueError(
            f"vdot: inputs must have the same number of elements, got {x1.numel()} and "
            f"{x2.numel()}."
        )
    if x1.dtype.is_complex:
        x1 = torch.conj_physical(x1)
    if x1.dtype == torch.bool:
        return torch.any(x1 & x2)
    return torch.sum(x1 * x2).to(x1.dtype)


def _parse_signature(signature):
    import re

    sig = signature.replace(" ", "")
    m = re.fullmatch(r"(.*)->(.*)", sig)
    if m is None:
        raise ValueError(f"vectorize: invalid signature {signature!r}.")

    def groups(s):
        found = re.findall(r"\(([^()]*)\)", s)
        return [tuple(d for d in g.split(",") if d) for g in found]

    return groups(m.group(1)), groups(m.group(2))


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Wraps ``pyfunc`` so that it maps over the leading (broadcast) dims of its inputs."""
    if not callable(pyfunc):
        raise TypeError(f"vectorize: pyfunc must be callable, got {type(pyfunc).__name__}.")
    excluded = set(excluded or ())
    in_core, out_core = _parse_signature(signature) if signature else (None, None)

    def wrapped(*args, **kwargs):
        pos = [i for i in range(len(args)) if i not in excluded]
        names = [k for k in kwargs if k not in excluded]
        tensors = [_t(args[i]) for i in pos] + [_t(kwargs[k]) for k in names]
        if in_core is not None and len(in_core) != len(tensors):
            raise ValueError(
                f"vectorize: signature {signature!r} expects {len(in_core)} inputs, got "
                f"{len(tensors)}."
            )
        cores = [len(c) for c in in_core] if in_core is not None else [0] * len(tensors)
        loops = [tuple(t.shape[: t.ndim - c]) for t, c in zip(tensors, cores)]
        batch = tuple(torch.broadcast_shapes(*loops)) if loops else ()
        flat = []
        for t, c in zip(tensors, cores):
            core_shape = tuple(t.shape[t.ndim - c :])
            flat.append(t.expand(batch + core_shape).reshape((-1,) + core_shape))

        def call(*vals):
            a = list(args)
            kw = dict(kwargs)
            for i, v in zip(pos, vals[: len(pos)]):
                a[i] = v
            for k, v in zip(names, vals[len(pos) :]):
                kw[k] = v
            return pyfunc(*a, **kw)

        size = int(np.prod(batch)) if batch else 1
        try:
            out = torch.vmap(call)(*flat) if size > 0 else None
        except Exception:
            out = None
        if out is None:
            results = [call(*[f[j] for f in flat]) for j in builtins.range(size)]
            if not results:
                raise ValueError("vectorize: cannot infer outputs for an empty input.")
            if isinstance(results[0], (tuple, list)):
                out = tuple(
                    torch.stack([_t(r[i]) for r in results]) for i in range(len(results[0]))
                )
            else:
                out = torch.stack([_t(r) for r in results])

        def unflat(o):
            o = _t(o)
            return o.reshape(batch + tuple(o.shape[1:]))

        if isinstance(out, (tuple, list)):
            return tuple(unflat(o) for o in out)
        return unflat(out)

    return wrapped


def view(x, dtype=None):
    """Reinterprets the bytes of ``x`` as ``dtype`` (the last axis rescales if sizes differ)."""
    x = _t(x)
    if dtype is None:
        return x
    tdtype = to_torch_dtype(dtype)
    if x.dtype == tdtype:
        return x
    old, new = x.element_size(), torch.empty((), dtype=tdtype).element_size()
    if old != new:
        if x.ndim == 0:
            raise ValueError(
                f"view: cannot view a scalar of {standardize_dtype(x.dtype)} as "
                f"{standardize_dtype(tdtype)} (item sizes differ)."
            )
        if (x.shape[-1] * old) % new:
            raise ValueError(
                f"view: the last axis ({x.shape[-1]} x {old} bytes) is not divisible into "
                f"items of {new} bytes for dtype {standardize_dtype(tdtype)}."
            )
    return x.contiguous().view(tdtype)
