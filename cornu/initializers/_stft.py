"""The STFT initializer: the real or imaginary part of a windowed DFT matrix."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.initializers._initializer import Initializer, check_shape, float_dtype


def _window(window: Any, length: int, periodic: bool) -> np.ndarray:
    if not isinstance(window, str):
        return np.asarray(window, dtype=np.float64)
    if window in ("hann", "hamming"):
        n = np.arange(length, dtype=np.float64)
        denom = length if periodic else max(length - 1, 1)
        a0 = 0.5 if window == "hann" else 0.54
        return a0 - (1.0 - a0) * np.cos(2.0 * np.pi * n / denom)
    try:
        from scipy.signal import get_window
    except ImportError:
        raise ValueError(
            f"STFT: window={window!r} needs SciPy (pip install scipy); 'hann' and 'hamming' "
            "work without it."
        ) from None
    return np.asarray(get_window(window, length, fftbins=periodic), dtype=np.float64)


class STFT(Initializer):
    """Initializes a ``(frame_length, channels, fft_bins)`` convolution kernel so that
    the convolution computes a short-time Fourier transform.

    Args:
        side: ``"real"`` for the cosine part, ``"imag"`` for the sine part.
        window: a window name (``"hann"``, ``"hamming"``, or any SciPy window), an array
            of length ``frame_length``, or None.
        scaling: ``"density"``, ``"spectrum"`` or None: how the window is normalized.
        periodic: use a periodic window instead of a symmetric one.

    Example:
        >>> from cornu import initializers
        >>> tuple(initializers.STFT()((8, 1, 5)).shape)
        (8, 1, 5)
    """

    def __init__(
        self,
        side: str = "real",
        window: Any = "hann",
        scaling: str | None = "density",
        periodic: bool = False,
    ) -> None:
        if side not in ("real", "imag"):
            raise ValueError(f"STFT: `side` must be 'real' or 'imag', got {side!r}.")
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(
                f"STFT: `scaling` must be None, 'density' or 'spectrum', got {scaling!r}."
            )
        if hasattr(window, "tolist") and not isinstance(window, str):
            window = backend.convert_to_numpy(window).tolist()
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        shape = check_shape(shape, "STFT")
        dtype = float_dtype(dtype, "STFT")
        if len(shape) != 3:
            raise ValueError(
                f"STFT: expected a shape (frame_length, channels, fft_bins), got {shape}."
            )
        frame_length, _, bins = shape
        time = np.arange(frame_length, dtype=np.float64).reshape(-1, 1, 1)
        freq = np.arange(bins, dtype=np.float64).reshape(1, 1, -1) / ((bins - 1) * 2)
        angle = -2.0 * np.pi * time * freq
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            win = _window(self.window, frame_length, self.periodic)
            if win.shape != (frame_length,):
                raise ValueError(
                    f"STFT: the window must have shape ({frame_length},), got {win.shape}."
                )
            win = win.reshape(-1, 1, 1)
            kernel = kernel * win
            if self.scaling == "density":
                kernel = kernel / np.sqrt(np.sum(win**2))
            elif self.scaling == "spectrum":
                kernel = kernel / np.sum(np.abs(win))
        return ops.convert_to_tensor(np.broadcast_to(kernel, shape).copy(), dtype=dtype)

    def get_config(self) -> dict:
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
