"""Short-time Fourier transforms and mel filter banks, engine-free (for ``MelSpectrogram``).

The STFT is a windowed DFT written as a matrix product: with the frame's window applied,
``X[k] = sum_n x[n] exp(-2 pi i k n / fft_length)`` for ``k = 0 .. fft_length // 2``.
Frames follow ``torch.stft(center=True)``: the signal is reflection-padded by
``fft_length // 2`` on both sides and a window shorter than ``fft_length`` sits in the
middle of each frame.
"""

from __future__ import annotations

import numpy as np

from cornu import ops

_MEL_BREAK_HZ = 700.0
_MEL_HIGH_Q = 1127.0


def window_values(window, length: int) -> np.ndarray:
    """A periodic "hann" or "hamming" window, ones for None, or the given values."""
    if window is None:
        return np.ones(length)
    if isinstance(window, str):
        n = np.arange(length) / length
        a0 = {"hann": 0.5, "hamming": 0.54}[window]
        return a0 - (1.0 - a0) * np.cos(2.0 * np.pi * n)
    values = np.asarray(window, dtype=np.float64)
    if values.shape != (length,):
        raise ValueError(f"The window must have shape ({length},) (the sequence length), got "
                         f"{values.shape}.")
    return values


def num_frames(length, sequence_stride: int, fft_length: int):
    """Frames that ``stft`` gives for a signal of ``length`` samples (None if unknown)."""
    if length is None:
        return None
    return 1 + (length + 2 * (fft_length // 2) - fft_length) // sequence_stride


def stft(x, sequence_length: int, sequence_stride: int, fft_length: int, window="hann"):
    """``(real, imag)`` of shape ``(..., frames, fft_length // 2 + 1)`` for signals ``x`` of
    shape ``(..., samples)``."""
    shape = ops.shape(x)
    signals = ops.reshape(x, (-1, shape[-1]))
    pad = fft_length // 2
    if pad >= shape[-1]:
        raise ValueError(f"The signal ({shape[-1]} samples) must be longer than fft_length // 2 "
                         f"({pad}) for the reflection padding; pass longer signals or a "
                         "smaller fft_length.")
    frames = num_frames(shape[-1], sequence_stride, fft_length)
    offset = (fft_length - sequence_length) // 2
    # Sample indices of each frame in the padded signal, mapped back into the signal by
    # reflection (x[2] x[1] | x[0] x[1] ... x[n-1] | x[n-2] ...).
    index = (np.arange(frames)[:, None] * sequence_stride + offset - pad
             + np.arange(sequence_length)[None, :])
    period = 2 * (shape[-1] - 1)
    index = np.abs(index) % period
    index = np.where(index < shape[-1], index, period - index)
    chunks = ops.take(signals, ops.convert_to_tensor(index, dtype="int64"), axis=1)
    # The window is folded into the DFT matrix: one (sequence_length, bins) product each.
    times = (offset + np.arange(sequence_length))[:, None]
    angle = 2.0 * np.pi * times * np.arange(fft_length // 2 + 1)[None, :] / fft_length
    win = window_values(window, sequence_length)[:, None]
    cos = ops.convert_to_tensor(win * np.cos(angle), dtype=chunks.dtype)
    sin = ops.convert_to_tensor(-win * np.sin(angle), dtype=chunks.dtype)
    out_shape = tuple(shape[:-1]) + (frames, fft_length // 2 + 1)
    return (ops.reshape(ops.matmul(chunks, cos), out_shape),
            ops.reshape(ops.matmul(chunks, sin), out_shape))


def hertz_to_mel(frequencies):
    """The HTK mel scale: ``1127 * ln(1 + f / 700)``."""
    return _MEL_HIGH_Q * np.log(1.0 + np.asarray(frequencies, dtype=np.float64) / _MEL_BREAK_HZ)


def mel_weight_matrix(num_mel_bins: int, num_spectrogram_bins: int, sampling_rate: float,
                      lower_edge_hertz: float, upper_edge_hertz: float) -> np.ndarray:
    """The ``(num_spectrogram_bins, num_mel_bins)`` triangular filter bank (peaks of 1, the DC
    bin left out), as ``tf.signal.linear_to_mel_weight_matrix`` builds it."""
    freqs = np.linspace(0.0, sampling_rate / 2.0, num_spectrogram_bins)[1:]
    bins_mel = hertz_to_mel(freqs)[:, None]
    edges = np.linspace(hertz_to_mel(lower_edge_hertz), hertz_to_mel(upper_edge_hertz),
                        num_mel_bins + 2)
    lower, center, upper = edges[:-2][None], edges[1:-1][None], edges[2:][None]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.pad(weights, [[1, 0], [0, 0]])
