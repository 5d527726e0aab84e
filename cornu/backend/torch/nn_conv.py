"""Convolution, pooling and upsampling ops of the torch backend (re-exported by nn.py).

Keras layouts throughout: kernels are ``(*spatial, in_channels, out_channels)`` (transposed
convolutions: ``(*spatial, out_channels, in_channels)``), and channels_last inputs are
``(batch, *spatial, channels)``. A channels_last input is handed to torch as the view
``x.movedim(-1, 1)``, which is an NC* tensor in torch's channels_last memory format: torch's
kernels then run in NHWC without a copy, and ``y.movedim(1, -1)`` (again a view) gives the
Keras layout back.

"same" padding follows Keras/TensorFlow: the total padding is split with the extra element at
the end. Symmetric cases go through torch's own padding argument; asymmetric ones pad
explicitly.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch._subclasses.fake_tensor import is_fake

from cornu.backend.config import standardize_data_format
from cornu.backend.torch.core import convert_to_tensor

__all__ = [
    "conv", "depthwise_conv", "separable_conv", "conv_transpose", "max_pool", "average_pool",
    "adaptive_max_pool", "adaptive_average_pool", "upsample",
]

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
_ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
_INTERPOLATION = {"nearest": "nearest-exact", "bilinear": "bilinear", "bicubic": "bicubic",
                  "trilinear": "trilinear"}
_AVG_DIVISORS: dict = {}  # cache of "same"-padding correction factors, keyed by geometry


# --- argument helpers ---------------------------------------------------------------------
def _tuple(value, rank: int, name: str) -> tuple:
    if type(value) is tuple and len(value) == rank:
        return value
    if isinstance(value, int):
        return (value,) * rank
    try:
        out = tuple(int(v) for v in value)
    except TypeError:
        out = ()
    if len(out) != rank:
        raise ValueError(
            f"`{name}` must be an int or a tuple of {rank} ints, got {value!r}."
        )
    return out


def _rank(x, op: str) -> int:
    rank = x.ndim - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            f"{op}: inputs must have rank 3, 4 or 5 (batch, spatial dims, channels), got "
            f"shape {tuple(x.shape)}."
        )
    return rank


def _is_channels_last(data_format) -> bool:
    if data_format == "channels_last":
        return True
    if data_format == "channels_first":
        return False
    return standardize_data_format(data_format) == "channels_last"


def _padding_mode(padding, allow_causal: bool, op: str) -> str:
    mode = str(padding).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if mode not in allowed:
        raise ValueError(f"{op}: `padding` must be one of {allowed}, got {padding!r}.")
    return mode


def _same_pads(size: int, kernel: int, stride: int) -> tuple:
    """(before, after) "same" padding of one axis; the odd element goes at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _pad(x, pads, value=0.0):
    flat = []
    for before, after in reversed(pads):
        flat += [before, after]
    return F.pad(x, flat, value=value)


def _apply_padding(x, mode, kernel, strides, dilation, value=0.0):
    """Returns ``(x, torch_padding)`` for a channels-first ``x`` and Keras ``mode``."""
    if mode == "valid":
        return x, 0
    spatial = x.shape[2:]
    effective = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    if mode == "causal":
        return _pad(x, [(effective[0] - 1, 0)], value), 0
    pads = [_same_pads(n, k, s) for n, k, s in zip(spatial, effective, strides)]
    if all(a == b for a, b in pads):
        return x, tuple(a for a, _ in pads)
    return _pad(x, pads, value), 0


def _to_torch(x, channels_last: bool):
    return x.movedim(-1, 1) if channels_last else x


def _from_torch(y, channels_last: bool):
    return y.movedim(1, -1) if channels_last else y


def _torch_kernel(kernel, rank: int):
    """Keras ``(*spatial, a, b)`` -> torch ``(b, a, *spatial)`` (a view)."""
    return kernel.permute(rank + 1, rank, *range(rank))


def _match_dtype(x, kernel):
    return x if x.dtype == kernel.dtype else x.to(kernel.dtype)


# --- convolutions ---------------------------------------------------------------------------
def _conv_cf(x, weight, bias, kernel, strides, padding, dilation, groups):
    x, pad = _apply_padding(x, padding, kernel, strides, dilation)
    return _CONV[len(kernel)](x, weight, bias, strides, pad, dilation, groups)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1,
         bias=None):
    """N-D convolution with a Keras ``(*spatial, in_channels // groups, filters)`` kernel.

    The number of groups is ``in_channels // kernel.shape[-2]``. ``padding`` is "valid",
    "same" or (1-D only) "causal". ``bias`` (cornu extension) is an optional
    ``(filters,)`` vector added inside the convolution kernel.
    """
    x, kernel = convert_to_tensor(inputs), convert_to_tensor(kernel)
    rank = _rank(x, "conv")
    last = _is_channels_last(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    mode = _padding_mode(padding, rank == 1, "conv")
    x = _to_torch(_match_dtype(x, kernel), last)
    in_channels, per_group = x.shape[1], kernel.shape[-2]
    if kernel.ndim != rank + 2 or in_channels % per_group:
        raise ValueError(
            f"conv: a kernel of shape {tuple(kernel.shape)} does not fit inputs of shape "
            f"{tuple(inputs.shape)}: expected a rank-{rank + 2} kernel whose input-channel "
            f"axis ({per_group}) divides the {in_channels} input channels."
        )
    y = _conv_cf(x, _torch_kernel(kernel, rank), bias, kernel.shape[:rank], strides, mode,
                 dilation, in_channels // per_group)
    return _from_torch(y, last)


def _depthwise_weight(kernel, rank: int):
    """Keras ``(*spatial, in, multiplier)`` -> torch ``(in * multiplier, 1, *spatial)``."""
    spatial = tuple(kernel.shape[:rank])
    flat = kernel.reshape(*spatial, 1, kernel.shape[-2] * kernel.shape[-1])
    return _torch_kernel(flat, rank)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1, bias=None):
    """Depthwise convolution: each input channel convolved with its own ``multiplier``
    filters; kernel ``(*spatial, in_channels, multiplier)``; output channel
    ``c * multiplier + m``."""
    x, kernel = convert_to_tensor(inputs), convert_to_tensor(kernel)
    rank = _rank(x, "depthwise_conv")
    last = _is_channels_last(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    mode = _padding_mode(padding, rank == 1, "depthwise_conv")
    x = _to_torch(_match_dtype(x, kernel), last)
    _check_depthwise(x, kernel, rank, "depthwise_conv")
    y = _conv_cf(x, _depthwise_weight(kernel, rank), bias, kernel.shape[:rank], strides, mode,
                 dilation, x.shape[1])
    return _from_torch(y, last)


def _check_depthwise(x, kernel, rank, op):
    if kernel.ndim != rank + 2 or kernel.shape[-2] != x.shape[1]:
        raise ValueError(
            f"{op}: the depthwise kernel of shape {tuple(kernel.shape)} expects "
            f"{kernel.shape[-2]} input channels, but the inputs have {x.shape[1]} "
            f"(channels-first view shape {tuple(x.shape)})."
        )


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1, bias=None):
    """Depthwise convolution followed by a 1x1 pointwise convolution (kernel
    ``(1, ..., 1, in_channels * multiplier, filters)``)."""
    x = convert_to_tensor(inputs)
    depthwise_kernel = convert_to_tensor(depthwise_kernel)
    pointwise_kernel = convert_to_tensor(pointwise_kernel)
    rank = _rank(x, "separable_conv")
    last = _is_channels_last(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    mode = _padding_mode(padding, rank == 1, "separable_conv")
    x = _to_torch(_match_dtype(x, depthwise_kernel), last)
    _check_depthwise(x, depthwise_kernel, rank, "separable_conv")
    y = _conv_cf(x, _depthwise_weight(depthwise_kernel, rank), None,
                 depthwise_kernel.shape[:rank], strides, mode, dilation, x.shape[1])
    ones = (1,) * rank
    y = _CONV[rank](y, _torch_kernel(pointwise_kernel, rank), bias, ones, 0, ones, 1)
    return _from_torch(y, last)


def _transpose_crops(kernel, stride, dilation, padding, output_padding):
    """(crop_before, crop_after) of one axis of the full transposed convolution, whose
    length is ``(n - 1) * stride + effective_kernel``; negative crops mean zero padding."""
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        before, after = effective - 1, effective - 1 + extra
    else:
        if output_padding is None:
            total = stride + effective - 2
        else:
            total = effective + effective % 2 - 2 + output_padding
        before = min(total // 2 + total % 2, effective - 1)
        after = total - before
    return effective - 1 - before, effective - 1 - after


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1, bias=None):
    """Transposed convolution with a Keras ``(*spatial, filters, in_channels)`` kernel.

    Output sizes and values follow Keras 3 (the gradient of a "same"/"valid" convolution,
    plus ``output_padding`` at the end).
    """
    x, kernel = convert_to_tensor(inputs), convert_to_tensor(kernel)
    rank = _rank(x, "conv_transpose")
    last = _is_channels_last(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    mode = _padding_mode(padding, False, "conv_transpose")
    out_pad = [None] * rank if output_padding is None else _tuple(
        output_padding, rank, "output_padding")
    x = _to_torch(_match_dtype(x, kernel), last)
    if kernel.ndim != rank + 2 or kernel.shape[-1] != x.shape[1]:
        raise ValueError(
            f"conv_transpose: the kernel of shape {tuple(kernel.shape)} expects "
            f"{kernel.shape[-1]} input channels (its last axis), but the inputs have "
            f"{x.shape[1]} (input shape {tuple(inputs.shape)})."
        )
    crops = [_transpose_crops(k, s, d, mode, p) for k, s, d, p in
             zip(kernel.shape[:rank], strides, dilation, out_pad)]
    torch_pad, torch_out_pad, exact = [], [], True
    for (before, after), s, d in zip(crops, strides, dilation):
        extra = before - after  # torch: crop `before` on both sides, then add `extra` at end
        exact = exact and 0 <= extra < max(s, d)
        torch_pad.append(before)
        torch_out_pad.append(extra)
    weight = _torch_kernel(kernel, rank)
    fn = _CONV_T[rank]
    if exact:
        y = fn(x, weight, bias, strides, tuple(torch_pad), tuple(torch_out_pad), 1, dilation)
        return _from_torch(y, last)
    y = fn(x, weight, None, strides, 0, 0, 1, dilation)
    index = [slice(None), slice(None)]
    for before, after in crops:
        index.append(slice(max(before, 0), y.shape[len(index)] - max(after, 0)))
    y = y[tuple(index)]
    if any(b < 0 or a < 0 for b, a in crops):
        y = _pad(y, [(max(-b, 0), max(-a, 0)) for b, a in crops])
    if bias is not None:
        y = y + bias.reshape(-1, *(1,) * rank)
    return _from_torch(y, last)


# --- pooling --------------------------------------------------------------------------------
def _pool_args(x, pool_size, strides, padding, data_format, op):
    rank = _rank(x, op)
    pool = _tuple(pool_size, rank, "pool_size")
    strides = pool if strides is None else _tuple(strides, rank, "strides")
    return rank, pool, strides, _padding_mode(padding, False, op), _is_channels_last(data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1-3 spatial axes; ``strides`` defaults to ``pool_size``."""
    x = convert_to_tensor(inputs)
    rank, pool, strides, mode, last = _pool_args(x, pool_size, strides, padding, data_format,
                                                 "max_pool")
    x = _to_torch(x, last)
    low = float("-inf") if x.is_floating_point() else torch.iinfo(x.dtype).min
    x, pad = _apply_padding(x, mode, pool, strides, (1,) * rank, value=low)
    return _from_torch(_MAX_POOL[rank](x, pool, strides, pad), last)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1-3 spatial axes. With "same" padding, each window averages
    only the input elements it covers (padding is not counted), as in Keras/TensorFlow."""
    x = convert_to_tensor(inputs)
    rank, pool, strides, mode, last = _pool_args(x, pool_size, strides, padding, data_format,
                                                 "average_pool")
    x = _to_torch(x, last)
    fn = _AVG_POOL[rank]
    if mode == "valid":
        return _from_torch(fn(x, pool, strides, 0), last)
    pads = [_same_pads(n, k, s) for n, k, s in zip(x.shape[2:], pool, strides)]
    if all(a == b for a, b in pads):
        y = fn(x, pool, strides, tuple(a for a, _ in pads), count_include_pad=False)
        return _from_torch(y, last)
    y = fn(_pad(x, pads), pool, strides, 0, count_include_pad=True)
    return _from_torch(y * _avg_divisor(tuple(x.shape[2:]), pool, strides, pads, y), last)


def _avg_divisor(spatial, pool, strides, pads, like):
    """``prod(pool) / valid_count`` per output position (cached per geometry)."""
    key = (spatial, pool, strides, like.dtype, like.device)
    # Shape tracing (fake tensors) and torch.compile must not read or fill the cache.
    cacheable = not (torch.compiler.is_compiling() or is_fake(like))
    factor = _AVG_DIVISORS.get(key) if cacheable else None
    if factor is None:
        factor = torch.ones((), dtype=torch.float64)
        for n, k, s, (before, _) in zip(spatial, pool, strides, pads):
            out = -(-n // s)
            counts = [min(i * s - before + k, n) - max(i * s - before, 0) for i in range(out)]
            axis = torch.tensor([k / c for c in counts], dtype=torch.float64)
            factor = factor.unsqueeze(-1) * axis
        factor = factor.to(dtype=like.dtype, device=like.device)
        if cacheable:
            if len(_AVG_DIVISORS) > 256:
                _AVG_DIVISORS.clear()
            _AVG_DIVISORS[key] = factor
    return factor


def _adaptive(table, inputs, output_size, data_format, op):
    x = convert_to_tensor(inputs)
    rank = _rank(x, op)
    size = _tuple(output_size, rank, "output_size")
    last = _is_channels_last(data_format)
    return _from_torch(table[rank](_to_torch(x, last), size if rank > 1 else size[0]), last)


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed ``output_size``: output bin ``i`` of an axis of length ``n``
    covers ``[floor(i * n / out), ceil((i + 1) * n / out))``."""
    return _adaptive(_ADAPTIVE_MAX, inputs, output_size, data_format, "adaptive_max_pool")


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed ``output_size`` (bins as in ``adaptive_max_pool``)."""
    return _adaptive(_ADAPTIVE_AVG, inputs, output_size, data_format, "adaptive_average_pool")


def upsample(inputs, size, interpolation="nearest", data_format=None):
    """Enlarges the 1-3 spatial axes by the integer factors ``size``.

    "nearest" repeats each element (exactly ``np.repeat`` along each axis); "bilinear",
    "bicubic" and "trilinear" interpolate with half-pixel centers (``align_corners=False``),
    as Keras's image resizing does.
    """
    x = convert_to_tensor(inputs)
    rank = _rank(x, "upsample")
    factors = _tuple(size, rank, "size")
    mode = _INTERPOLATION.get(str(interpolation).lower())
    if mode is None:
        raise ValueError(
            f"upsample: `interpolation` must be one of {sorted(_INTERPOLATION)}, got "
            f"{interpolation!r}."
        )
    last = _is_channels_last(data_format)
    x = _to_torch(x, last)
    if mode == "nearest-exact" and not x.is_floating_point():
        for axis, f in enumerate(factors):
            x = x.repeat_interleave(f, dim=axis + 2)
        return _from_torch(x, last)
    out = tuple(n * f for n, f in zip(x.shape[2:], factors))
    align = None if mode == "nearest-exact" else False
    return _from_torch(F.interpolate(x, size=out, mode=mode, align_corners=align), last)
