"""Engine functions behind ``cornu.ops`` (math family): special functions, FFTs, framing,
segment reductions and distances on torch tensors."""

from __future__ import annotations

import itertools
import math

import torch

from cornu.backend.config import floatx
from cornu.backend.torch.core import convert_to_tensor, to_torch_dtype

_LOW_PRECISION = (torch.float16, torch.bfloat16)
# Sizes handed out for data-dependent dims while shapes are traced on fake tensors: two traces
# get two different sizes, so the dim comes out unknown (None).
_unknown_sizes = itertools.count(2)


def _is_fake(t) -> bool:
    try:
        from torch._subclasses.fake_tensor import FakeTensor
    except ImportError:  # pragma: no cover
        return False
    return isinstance(t, FakeTensor)


def _floating(x):
    """``x`` as a tensor; integers and booleans become floatx."""
    x = convert_to_tensor(x)
    if not (x.is_floating_point() or x.is_complex()):
        x = x.to(to_torch_dtype(floatx()))
    return x


def _check_int(op, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(
            f"`{op}`: `{name}` must be an integer >= {minimum}; received {name}={value!r}."
        )


# --- special functions ----------------------------------------------------------------------
def erf(x):
    """Element-wise Gauss error function."""
    return torch.erf(_floating(x))


def erfc(x):
    """Element-wise complementary error function, ``1 - erf(x)``."""
    return torch.erfc(_floating(x))


def erfinv(x):
    """Element-wise inverse error function."""
    return torch.erfinv(_floating(x))


def logdet(x):
    """Log of the determinant of a (batch of) square matrices; NaN where det < 0."""
    x = _floating(x)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            "`logdet`: expected `x` to be a square matrix or a batch of them "
            f"(shape (..., n, n)); received shape {tuple(x.shape)}."
        )
    if x.dtype in _LOW_PRECISION:
        return torch.logdet(x.float()).to(x.dtype)
    return torch.logdet(x)


# --- complex helpers and FFTs ---------------------------------------------------------------
def _complex_from_pair(op, x):
    """Builds a complex tensor from a ``(real, imag)`` pair of float tensors."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"`{op}`: expected `x` to be a tuple `(real, imag)` of two float tensors; "
            f"received {type(x).__name__}."
        )
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError(
            f"`{op}`: the real and imaginary parts must have the same shape; received "
            f"shapes {tuple(real.shape)} and {tuple(imag.shape)}."
        )
    if not (real.is_floating_point() and imag.is_floating_point()):
        raise ValueError(
            f"`{op}`: the real and imaginary parts must be float tensors; received dtypes "
            f"{real.dtype} and {imag.dtype}."
        )
    dtype = torch.promote_types(real.dtype, imag.dtype)
    out_dtype = dtype
    if dtype in _LOW_PRECISION:
        dtype = torch.float32
    return torch.complex(real.to(dtype), imag.to(dtype)), out_dtype


def _split(z, out_dtype):
    return z.real.to(out_dtype), z.imag.to(out_dtype)


def fft(x):
    """1-D FFT over the last axis of a ``(real, imag)`` pair; returns ``(real, imag)``."""
    z, dt = _complex_from_pair("fft", x)
    return _split(torch.fft.fft(z), dt)


def fft2(x):
    """2-D FFT over the last two axes of a ``(real, imag)`` pair; returns ``(real, imag)``."""
    z, dt = _complex_from_pair("fft2", x)
    return _split(torch.fft.fft2(z), dt)


def ifft2(x):
    """2-D inverse FFT over the last two axes of a ``(real, imag)`` pair."""
    z, dt = _complex_from_pair("ifft2", x)
    return _split(torch.fft.ifft2(z), dt)


def rfft(x, fft_length=None):
    """FFT of a real signal over its last axis; returns the ``(real, imag)`` half-spectrum."""
    x = _floating(x)
    if x.is_complex():
        raise ValueError(f"`rfft`: expected a real tensor `x`; received dtype {x.dtype}.")
    if fft_length is not None:
        _check_int("rfft", "fft_length", fft_length)
    dt = x.dtype
    if dt in _LOW_PRECISION:
        x = x.float()
    return _split(torch.fft.rfft(x, n=fft_length, dim=-1), dt)


def irfft(x, fft_length=None):
    """Inverse of ``rfft``: a ``(real, imag)`` half-spectrum to a real signal."""
    z, dt = _complex_from_pair("irfft", x)
    if fft_length is not None:
        _check_int("irfft", "fft_length", fft_length)
    return torch.fft.irfft(z, n=fft_length, dim=-1).to(dt)


def view_as_complex(x):
    """A real tensor of shape ``(..., 2)`` as a complex64 tensor of shape ``(...)``."""
    x = convert_to_tensor(x)
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(
            "`view_as_complex`: the last dimension of `x` must be 2 (real, imag); received "
            f"shape {tuple(x.shape)}."
        )
    if x.is_complex():
        raise ValueError(f"`view_as_complex`: `x` must be real; received dtype {x.dtype}.")
    x = x.to(torch.float32)
    return torch.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    """A complex tensor as a real tensor with a trailing ``(real, imag)`` axis of size 2."""
    x = convert_to_tensor(x)
    if x.is_complex():
        return torch.stack((x.real, x.imag), dim=-1)
    x = _floating(x)
    return torch.stack((x, torch.zeros_like(x)), dim=-1)


# --- framing and short-time Fourier transforms ----------------------------------------------
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of ``sequence_length`` samples taken every ``sequence_stride`` on the last axis."""
    _check_int("extract_sequences", "sequence_length", sequence_length)
    _check_int("extract_sequences", "sequence_stride", sequence_stride)
    x = convert_to_tensor(x)
    if x.ndim < 1:
        raise ValueError("`extract_sequences`: `x` must have rank >= 1; received a scalar.")
    if x.shape[-1] < sequence_length:
        raise ValueError(
            f"`extract_sequences`: `sequence_length`={sequence_length} is longer than the "
            f"last axis of `x` ({x.shape[-1]})."
        )
    return x.unfold(-1, sequence_length, sequence_stride).contiguous()


def _window(op, window, sequence_length, dtype, device):
    if window is None:
        return None
    if isinstance(window, str):
        if window == "hann":
            return torch.hann_window(sequence_length, periodic=True, dtype=dtype, device=device)
        if window == "hamming":
            return torch.hamming_window(sequence_length, periodic=True, dtype=dtype, device=device)
        raise ValueError(
            f'`{op}`: a string `window` must be "hann" or "hamming"; received {window!r}.'
        )
    win = convert_to_tensor(window).to(device=device, dtype=dtype)
    if win.ndim != 1 or win.shape[0] != sequence_length:
        raise ValueError(
            f"`{op}`: `window` must have shape ({sequence_length},) (sequence_length); "
            f"received shape {tuple(win.shape)}."
        )
    return win


def _check_frames(op, sequence_length, sequence_stride, fft_length):
    _check_int(op, "sequence_length", sequence_length)
    _check_int(op, "sequence_stride", sequence_stride)
    _check_int(op, "fft_length", fft_length)
    if fft_length < sequence_length:
        raise ValueError(
            f"`{op}`: `fft_length` must be >= `sequence_length`; received "
            f"fft_length={fft_length}, sequence_length={sequence_length}."
        )


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform over the last axis; returns ``(real, imag)`` of shape
    ``(..., num_frames, fft_length // 2 + 1)``."""
    _check_frames("stft", sequence_length, sequence_stride, fft_length)
    x = _floating(x)
    if x.dtype not in (torch.float32, torch.float64):
        raise TypeError(f"`stft`: `x` must be float32 or float64; received dtype {x.dtype}.")
    if x.ndim < 1:
        raise ValueError("`stft`: `x` must have rank >= 1; received a scalar.")
    win = _window("stft", window, sequence_length, x.dtype, x.device)
    if win is None:
        win = torch.ones(sequence_length, dtype=x.dtype, device=x.device)
    batch = tuple(x.shape[:-1])
    flat = x.reshape((-1, x.shape[-1]))
    spec = torch.stft(
        flat,
        n_fft=fft_length,
        hop_length=sequence_stride,
        win_length=sequence_length,
        window=win,
        center=center,
        pad_mode="reflect",
        return_complex=True,
    )  # (batch, bins, frames)
    spec = spec.transpose(-1, -2)  # (batch, frames, bins)
    spec = spec.reshape(batch + tuple(spec.shape[-2:]))
    return spec.real, spec.imag


def _overlap_add(frames, stride):
    """Sums frames ``(B, N, L)`` placed every ``stride`` samples: ``(B, (N-1)*stride + L)``."""
    b, n, length = frames.shape
    total = (n - 1) * stride + length
    out = torch.nn.functional.fold(
        frames.transpose(1, 2),
        output_size=(1, total),
        kernel_size=(1, length),
        stride=(1, stride),
    )
    return out.reshape(b, total)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    """Inverse short-time Fourier transform of a ``(real, imag)`` pair of shape
    ``(..., num_frames, fft_length // 2 + 1)``."""
    _check_frames("istft", sequence_length, sequence_stride, fft_length)
    z, dt = _complex_from_pair("istft", x)
    if z.ndim < 2:
        raise ValueError(
            "`istft`: `x` must have shape (..., num_frames, fft_length // 2 + 1); received "
            f"shape {tuple(z.shape)}."
        )
    if length is not None:
        _check_int("istft", "length", length, minimum=0)
    rdt = z.real.dtype
    win = _window("istft", window, sequence_length, rdt, z.device)
    batch, n_frames = tuple(z.shape[:-2]), z.shape[-2]
    flat = z.reshape((-1,) + tuple(z.shape[-2:]))
    if win is not None and center and sequence_length == fft_length:
        # torch's own inverse normalises by the overlapped window envelope.
        out = torch.istft(
            flat.transpose(-1, -2),
            n_fft=fft_length,
            hop_length=sequence_stride,
            win_length=sequence_length,
            window=win,
            center=True,
            length=length,
            return_complex=False,
        )
        return out.reshape(batch + tuple(out.shape[-1:])).to(dt)
    frames = torch.fft.irfft(flat, n=fft_length, dim=-1)  # (B, N, fft_length)
    if win is not None:
        left = (fft_length - sequence_length) // 2
        win = torch.nn.functional.pad(win, (left, fft_length - sequence_length - left))
        # Each sample of the synthesis window is divided by the sum of the squared analysis
        # window over all positions that overlap it (the same phase modulo the stride).
        hops = -(-fft_length // sequence_stride)
        sq = torch.nn.functional.pad(win * win, (0, hops * sequence_stride - fft_length))
        denom = sq.reshape(hops, sequence_stride).sum(0).repeat(hops)[:fft_length]
        frames = frames * (win / denom)
    out = _overlap_add(frames, sequence_stride)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = out.shape[-1] - fft_length // 2
    else:
        end = fft_length + sequence_stride * (n_frames - 1)
    out = out[..., start:end]
    return out.reshape(batch + tuple(out.shape[-1:])).to(dt)


# --- ranking, segments, distances -----------------------------------------------------------
def in_top_k(targets, predictions, k):
    """Whether each target's prediction is among the ``k`` largest of its row (ties count)."""
    _check_int("in_top_k", "k", k)
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets)
    if predictions.ndim != 2:
        raise ValueError(
            "`in_top_k`: `predictions` must have shape (batch, num_classes); received shape "
            f"{tuple(predictions.shape)}."
        )
    if targets.ndim != 1 or targets.is_floating_point() or targets.is_complex():
        raise ValueError(
            "`in_top_k`: `targets` must be a 1-D integer tensor of class ids; received shape "
            f"{tuple(targets.shape)} and dtype {targets.dtype}."
        )
    k = min(k, predictions.shape[-1])
    kth = torch.topk(predictions, k, dim=-1).values[..., -1]
    target_values = torch.gather(predictions, -1, targets.long()[:, None])[:, 0]
    return target_values >= kth


def _segment(op, data, segment_ids, num_segments, reduce):
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids)
    if ids.ndim != 1:
        raise ValueError(f"`{op}`: `segment_ids` must be 1-D; received shape {tuple(ids.shape)}.")
    if data.ndim < 1 or data.shape[0] != ids.shape[0]:
        raise ValueError(
            f"`{op}`: the first dimension of `data` must match the length of `segment_ids`; "
            f"received data shape {tuple(data.shape)} and segment_ids shape "
            f"{tuple(ids.shape)}."
        )
    ids = ids.long()
    if num_segments is None:
        if _is_fake(ids):
            num_segments = next(_unknown_sizes)
        else:
            num_segments = int(ids.max()) + 1 if ids.numel() else 0
    else:
        num_segments = int(num_segments)
    dtype = data.dtype
    if dtype == torch.bool:
        data = data.to(torch.int32)
    if data.is_floating_point():
        if data.dtype in _LOW_PRECISION:
            data = data.float()
        fill = {"amax": -math.inf, "amin": math.inf, "prod": 1.0}[reduce]
    else:
        info = torch.iinfo(data.dtype)
        fill = {"amax": info.min, "amin": info.max, "prod": 1}[reduce]
    # Out-of-range ids go to an extra trailing segment that is dropped at the end.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    index = ids.reshape((-1,) + (1,) * (data.ndim - 1)).expand(data.shape)
    out = torch.full(
        (num_segments + 1,) + tuple(data.shape[1:]), fill, dtype=data.dtype, device=data.device
    )
    out = out.scatter_reduce(0, index, data, reduce=reduce, include_self=True)
    return out[:num_segments].to(dtype)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """Maximum of the rows of ``data`` sharing a segment id (-inf / dtype min when empty)."""
    return _segment("segment_max", data, segment_ids, num_segments, "amax")


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """Minimum of the rows of ``data`` sharing a segment id (inf / dtype max when empty)."""
    return _segment("segment_min", data, segment_ids, num_segments, "amin")


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """Product of the rows of ``data`` sharing a segment id (1 when empty)."""
    return _segment("segment_prod", data, segment_ids, num_segments, "prod")


def cdist(x, y):
    """Euclidean distances between the rows of ``x`` (..., m, d) and ``y`` (..., n, d)."""
    x, y = _floating(x), _floating(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            "`cdist`: `x` and `y` must have rank >= 2 (shapes (..., m, d) and (..., n, d)); "
            f"received shapes {tuple(x.shape)} and {tuple(y.shape)}."
        )
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "`cdist`: the last dimensions of `x` and `y` must match; received shapes "
            f"{tuple(x.shape)} and {tuple(y.shape)}."
        )
    dtype = torch.promote_types(x.dtype, y.dtype)
    work = torch.float32 if dtype in _LOW_PRECISION else dtype
    x, y = x.to(work), y.to(work)
    batch = torch.broadcast_shapes(x.shape[:-2], y.shape[:-2])
    x = x.expand(batch + x.shape[-2:])
    y = y.expand(batch + y.shape[-2:])
    return torch.cdist(x, y, compute_mode="donot_use_mm_for_euclid_dist").to(dtype)
