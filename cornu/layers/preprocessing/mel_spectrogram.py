"""``MelSpectrogram``: turns audio signals into (log-)mel spectrograms."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing import _spectral
from cornu.layers.preprocessing.data_layer import DataLayer


class MelSpectrogram(DataLayer):
    """Computes the mel spectrogram of a signal: an STFT (centred, reflection-padded frames),
    magnitudes raised to ``mag_exp``, a triangular mel filter bank between ``min_freq`` and
    ``max_freq``, and optionally decibels clipped at ``top_db`` below the maximum of the
    batch. The same numbers as Keras's layer.

    Args:
        fft_length: the FFT size (frequency bins: ``fft_length // 2 + 1``).
        sequence_stride: samples between successive frames.
        sequence_length: the window length (default ``fft_length``).
        window: "hann", "hamming" (periodic), None, or an array of ``sequence_length`` values.
        sampling_rate: the signal's samples per second.
        num_mel_bins: the number of mel bands.
        min_freq: the lowest band's lower edge, in Hz.
        max_freq: the highest band's upper edge, in Hz (default ``sampling_rate / 2``).
        power_to_db: convert to decibels.
        top_db: the decibel range kept below the maximum.
        mag_exp: 1 for magnitudes, 2 for power.
        min_power: the floor applied before the logarithm.
        ref_power: the power that maps to 0 dB.
        **kwargs: base layer arguments.

    Input shape: ``(samples,)`` or ``(batch, samples)``.
    Output shape: ``(num_mel_bins, frames)`` or ``(batch, num_mel_bins, frames)`` with
    ``frames = 1 + samples // sequence_stride`` (for an even ``fft_length``).

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.MelSpectrogram(fft_length=256, sequence_stride=128,
        ...                                     num_mel_bins=40)
        >>> tuple(layer(np.random.rand(2, 1000).astype("float32")).shape)
        (2, 40, 8)
    """

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None,
                 window="hann", sampling_rate=16000, num_mel_bins=128, min_freq=20.0,
                 max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10,
                 ref_power=1.0, **kwargs):
        super().__init__(**kwargs)
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise ValueError(
                f"MelSpectrogram: `fft_length` must be >= `sequence_length`, got "
                f"fft_length={fft_length}, sequence_length={self.sequence_length}."
            )
        if isinstance(window, str) and window not in ("hann", "hamming"):
            raise ValueError(f"MelSpectrogram: `window` must be 'hann', 'hamming', None or an "
                             f"array, got window={window!r}.")
        if not isinstance(window, (str, type(None))):
            _spectral.window_values(window, self.sequence_length)  # checks the length
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power

    def linear_to_mel_weight_matrix(self, num_mel_bins=20, num_spectrogram_bins=129,
                                    sampling_rate=8000, lower_edge_hertz=125.0,
                                    upper_edge_hertz=3800.0, dtype="float32"):
        """The ``(num_spectrogram_bins, num_mel_bins)`` matrix that maps a linear spectrogram
        (right-multiplied) onto mel bands: HTK mel scale, triangles peaking at 1."""
        matrix = _spectral.mel_weight_matrix(num_mel_bins, num_spectrogram_bins, sampling_rate,
                                             lower_edge_hertz, upper_edge_hertz)
        return ops.convert_to_tensor(matrix, dtype=dtype)

    def call(self, inputs):
        dtype = self.compute_dtype if self.compute_dtype in ("float32", "float64") else "float32"
        x = ops.cast(ops.convert_to_tensor(inputs), dtype)
        real, imag = _spectral.stft(x, self.sequence_length, self.sequence_stride,
                                    self.fft_length, self.window)
        spec = ops.power(ops.sqrt(ops.square(real) + ops.square(imag)), self.mag_exp)
        matrix = self.linear_to_mel_weight_matrix(
            self.num_mel_bins, ops.shape(spec)[-1], self.sampling_rate, self.min_freq,
            self.max_freq, dtype=dtype)
        out = ops.tensordot(spec, matrix, axes=1)
        if self.power_to_db:
            out = self._decibels(out)
        return ops.cast(ops.swapaxes(out, -1, -2), self.compute_dtype)

    def _decibels(self, power):
        log_spec = 10.0 * ops.log10(ops.maximum(power, self.min_power))
        reference = max(abs(float(self.ref_power)), self.min_power)
        log_spec = log_spec - 10.0 * ops.log10(ops.convert_to_tensor(reference, log_spec.dtype))
        return ops.maximum(log_spec, ops.max(log_spec) - self.top_db)

    def compute_output_shape(self, input_shape):
        frames = _spectral.num_frames(input_shape[-1], self.sequence_stride, self.fft_length)
        return (*input_shape[:-1], self.num_mel_bins, frames)

    def get_config(self) -> dict:
        config = super().get_config()
        window = self.window
        if window is not None and not isinstance(window, str):
            window = [float(v) for v in _spectral.window_values(window, self.sequence_length)]
        config.update({"fft_length": self.fft_length, "sequence_stride": self.sequence_stride,
                       "sequence_length": self.sequence_length, "window": window,
                       "sampling_rate": self.sampling_rate, "num_mel_bins": self.num_mel_bins,
                       "min_freq": self.min_freq, "max_freq": self.max_freq,
                       "power_to_db": self.power_to_db, "top_db": self.top_db,
                       "mag_exp": self.mag_exp, "min_power": self.min_power,
                       "ref_power": self.ref_power})
        return config
