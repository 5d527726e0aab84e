"""``STFTSpectrogram``: a short-time Fourier transform as a (trainable) convolution."""

from __future__ import annotations

import math
import warnings

from cornu import backend, initializers, ops
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer

MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


class STFTSpectrogram(Layer):
    """Computes spectrograms of each channel of a batch of signals by convolving them with
    the real and imaginary parts of a windowed DFT (``initializers.STFT``); the kernels are
    weights (``real_kernel``, ``imag_kernel``), so they can be fine-tuned, or frozen with
    ``trainable=False``.

    Args:
        mode: the output: "log" (log magnitude), "magnitude", "psd" (power spectral
            density), "real", "imag", "angle", or "stft" (real and imaginary parts).
        frame_length: samples per frame (the window length).
        frame_step: samples between frames (default ``frame_length // 2``).
        fft_length: the FFT size (default: the next power of two from ``frame_length``).
        window: "hann", "hamming", another SciPy window name, or an array.
        periodic: use a periodic window.
        scaling: "density", "spectrum" or None: how the window is normalized.
        padding: "valid" or "same" (along time).
        expand_dims: output ``(batch, time, freq, channels)`` instead of folding the
            channels into the frequency axis.
        data_format: "channels_last" (``(batch, time, channels)``) or "channels_first".
        **kwargs: base layer arguments.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.STFTSpectrogram(frame_length=64, frame_step=32)
        >>> tuple(layer(np.random.rand(2, 1000, 1).astype("float32")).shape)
        (2, 30, 33)
    """

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None,
                 window="hann", periodic=False, scaling="density", padding="valid",
                 expand_dims=False, data_format=None, **kwargs):
        if frame_step is not None and not 1 <= frame_step <= frame_length:
            raise ValueError(f"STFTSpectrogram: `frame_step` must be a positive integer not "
                             f"above frame_length={frame_length}, got frame_step={frame_step}.")
        if fft_length is not None and fft_length < frame_length:
            raise ValueError(f"STFTSpectrogram: `fft_length` must be >= frame_length="
                             f"{frame_length}, got fft_length={fft_length}.")
        if fft_length is not None and fft_length & (fft_length - 1):
            warnings.warn(f"STFTSpectrogram: fft_length={fft_length} is not a power of two; "
                          "powers of two are recommended.", stacklevel=2)
        if mode not in MODES:
            raise ValueError(f"STFTSpectrogram: `mode` must be one of {MODES}, got {mode!r}.")
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(f"STFTSpectrogram: `scaling` must be None, 'density' or "
                             f"'spectrum', got {scaling!r}.")
        if padding not in ("valid", "same"):
            raise ValueError(f"STFTSpectrogram: `padding` must be 'valid' or 'same', got "
                             f"{padding!r}.")
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** math.ceil(math.log2(frame_length))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape):
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        if self.mode != "imag":
            self.real_kernel = self.add_weight(
                name="real_kernel", shape=shape,
                initializer=initializers.STFT("real", self.window, self.scaling, self.periodic))
        if self.mode != "real":
            self.imag_kernel = self.add_weight(
                name="imag_kernel", shape=shape,
                initializer=initializers.STFT("imag", self.window, self.scaling, self.periodic))
        self.built = True

    def _convolve(self, inputs, kernel):
        """(batch, time, ch) or (batch, ch, time) -> (batch, ch, freq, frames)."""
        if self.data_format == "channels_last":
            _, time, channels = ops.shape(inputs)
            signals = ops.reshape(ops.transpose(inputs, (0, 2, 1)), (-1, time, 1))
        else:
            _, channels, time = ops.shape(inputs)
            signals = ops.reshape(inputs, (-1, 1, time))
        out = ops.conv(signals, ops.cast(kernel, inputs.dtype), strides=self._frame_step,
                       padding=self.padding, data_format=self.data_format)
        if self.data_format == "channels_last":
            out = ops.transpose(out, (0, 2, 1))
        freq, frames = ops.shape(out)[1], ops.shape(out)[2]
        return ops.reshape(out, (-1, channels, freq, frames))

    def _arrange(self, x):
        """(batch, ch, freq, frames) -> the output layout."""
        _, channels, freq, frames = ops.shape(x)
        if self.expand_dims:
            order = (0, 3, 2, 1) if self.data_format == "channels_last" else (0, 1, 3, 2)
            return ops.transpose(x, order)
        x = ops.reshape(x, (-1, channels * freq, frames))
        return ops.transpose(x, (0, 2, 1)) if self.data_format == "channels_last" else x

    def call(self, inputs):
        if backend.standardize_dtype(inputs.dtype) not in ("float16", "float32", "float64"):
            raise TypeError(f"STFTSpectrogram: expected float16, float32 or float64 signals, "
                            f"got {backend.standardize_dtype(inputs.dtype)}.")
        real = None if self.mode == "imag" else self._convolve(inputs, self.real_kernel)
        imag = None if self.mode == "real" else self._convolve(inputs, self.imag_kernel)
        if self.mode == "real":
            return self._arrange(real)
        if self.mode == "imag":
            return self._arrange(imag)
        if self.mode == "angle":
            return self._arrange(ops.arctan2(imag, real))
        if self.mode == "stft":
            return self._arrange(ops.concatenate([real, imag], axis=2))
        power = ops.square(real) + ops.square(imag)
        if self.mode == "psd":
            # One-sided density: every bin but DC and Nyquist counts twice.
            inner = ops.pad(power[:, :, 1:-1, :], [[0, 0], [0, 0], [1, 1], [0, 0]])
            return self._arrange(power + inner)
        magnitude = self._arrange(ops.sqrt(ops.maximum(power, backend.epsilon())))
        if self.mode == "magnitude":
            return magnitude
        return ops.log(ops.maximum(magnitude, backend.epsilon()))

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        channels = input_shape[-1] if last else input_shape[1]
        time = input_shape[1] if last else input_shape[-1]
        freq = (self._fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        if time is not None:
            if self.padding == "same":
                time = -(-time // self._frame_step)
            else:
                time = (time - self.frame_length) // self._frame_step + 1
        if self.expand_dims:
            return ((input_shape[0], time, freq, channels) if last
                    else (input_shape[0], channels, time, freq))
        folded = None if channels is None else channels * freq
        return (input_shape[0], time, folded) if last else (input_shape[0], folded, time)

    def get_config(self) -> dict:
        config = super().get_config()
        window = self.window
        if window is not None and not isinstance(window, str):
            window = [float(v) for v in ops.convert_to_numpy(ops.convert_to_tensor(window))]
        config.update({"mode": self.mode, "frame_length": self.frame_length,
                       "frame_step": self.frame_step, "fft_length": self.fft_length,
                       "window": window, "periodic": self.periodic, "scaling": self.scaling,
                       "padding": self.padding, "data_format": self.data_format,
                       "expand_dims": self.expand_dims})
        return config
