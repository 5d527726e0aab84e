"""MelSpectrogram and STFTSpectrogram against real Keras 3 (both are deterministic)."""

import json

import numpy as np
import pytest

import cornu
from cornu import layers, ops

RNG = np.random.RandomState(0)
NOISE = RNG.randn(2, 4000).astype("float32")
TONE = (np.sin(2 * np.pi * 440 * np.arange(4000) / 8000) + 0.1 * RNG.randn(4000)).astype(
    "float32")
SIGNALS = RNG.randn(2, 600, 2).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("kwargs,x", [
    ({}, NOISE),
    ({"fft_length": 512, "sequence_stride": 128, "num_mel_bins": 64, "sampling_rate": 8000},
     NOISE),
    ({"fft_length": 256, "sequence_length": 200, "sequence_stride": 100, "window": "hamming",
      "num_mel_bins": 32, "sampling_rate": 8000, "power_to_db": False}, NOISE),
    ({"fft_length": 400, "sequence_stride": 160, "mag_exp": 1.0, "top_db": 40.0,
      "ref_power": 2.0, "min_freq": 100.0, "max_freq": 3000.0, "sampling_rate": 8000,
      "num_mel_bins": 20}, TONE),
    ({"fft_length": 256, "window": None, "sampling_rate": 8000, "num_mel_bins": 16,
      "power_to_db": False, "sequence_stride": 64}, TONE),
])
def test_mel_spectrogram_matches_keras(keras, kwargs, x):
    got = _np(layers.MelSpectrogram(**kwargs)(x))
    expected = _np(keras.layers.MelSpectrogram(**kwargs)(x))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6 * np.abs(expected).max())


def test_mel_weight_matrix_matches_keras(keras):
    args = {"num_mel_bins": 24, "num_spectrogram_bins": 257, "sampling_rate": 16000,
            "lower_edge_hertz": 30.0, "upper_edge_hertz": 7600.0}
    got = layers.MelSpectrogram().linear_to_mel_weight_matrix(**args)
    expected = keras.layers.MelSpectrogram().linear_to_mel_weight_matrix(**args)
    # Keras builds it in float32, we in float64: about 1e-6 apart.
    np.testing.assert_allclose(_np(got), _np(expected), rtol=1e-4, atol=1e-5)


def test_mel_spectrogram_peak_at_the_tone_and_shapes():
    layer = layers.MelSpectrogram(fft_length=512, sequence_stride=128, sampling_rate=8000,
                                  num_mel_bins=40, power_to_db=False)
    out = _np(layer(TONE))
    assert out.shape == (40, 1 + 4000 // 128)
    centres = np.linspace(1127 * np.log(1 + 20 / 700), 1127 * np.log(1 + 4000 / 700), 42)[1:-1]
    hertz = 700 * (np.exp(centres / 1127) - 1)
    assert abs(hertz[out.mean(axis=1).argmax()] - 440) < 60  # the band holding 440 Hz
    inputs = cornu.Input((4000,))
    assert tuple(layer(inputs).shape) == (None, 40, 32)
    config = json.loads(json.dumps(layer.get_config()))
    assert json.loads(json.dumps(layers.MelSpectrogram.from_config(config).get_config())) == config
    with pytest.raises(ValueError, match="fft_length"):
        layers.MelSpectrogram(fft_length=256, sequence_length=512)
    with pytest.raises(ValueError, match="window"):
        layers.MelSpectrogram(window="boxcar")


STFT_CASES = [
    {},
    {"mode": "magnitude", "frame_length": 64, "frame_step": 16, "fft_length": 128},
    {"mode": "psd", "frame_length": 50, "window": "hamming", "padding": "same",
     "scaling": "spectrum"},
    {"mode": "real", "frame_length": 32, "periodic": True, "expand_dims": True},
    {"mode": "imag", "frame_length": 32, "scaling": None},
    {"mode": "angle", "frame_length": 32},
    {"mode": "stft", "frame_length": 32, "expand_dims": True, "data_format": "channels_first"},
    {"mode": "log", "frame_length": 64, "padding": "same", "data_format": "channels_first"},
]


@pytest.mark.parametrize("kwargs", STFT_CASES)
def test_stft_spectrogram_matches_keras(keras, kwargs):
    x = SIGNALS.transpose(0, 2, 1) if kwargs.get("data_format") == "channels_first" else SIGNALS
    ours, theirs = layers.STFTSpectrogram(**kwargs), keras.layers.STFTSpectrogram(**kwargs)
    got, expected = _np(ours(x)), _np(theirs(x))
    assert got.shape == expected.shape == tuple(ours.compute_output_shape(x.shape))
    atol = 1e-4
    if kwargs.get("mode") == "angle":
        # Near-zero imaginary parts (Keras's float32 kernels are off by ~1e-6 there) make
        # angles near 0 or +-pi ill-conditioned; +-pi may land on either side.
        got = expected + (got - expected + np.pi) % (2 * np.pi) - np.pi
        atol = 1e-3
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=atol)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    for mine, keras_weight in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(_np(mine), _np(keras_weight), atol=1e-5)


def test_stft_spectrogram_in_a_model_trains_and_saves(tmp_path, keras):
    layer = layers.STFTSpectrogram(mode="magnitude", frame_length=32, trainable=False)
    model = cornu.Sequential([cornu.Input((600, 2)), layer, layers.Flatten(), layers.Dense(1)])
    assert tuple(model.layers[0].output.shape) == (None, 36, 34)  # 2 channels x 17 bins
    model.compile("sgd", "mse")
    before = _np(layer.real_kernel)
    model.fit(SIGNALS, np.zeros((2, 1)), verbose=0)
    np.testing.assert_array_equal(_np(layer.real_kernel), before)  # frozen
    path = str(tmp_path / "stft.keras")
    model.save(path)
    np.testing.assert_allclose(keras.saving.load_model(path).predict(SIGNALS, verbose=0),
                               model.predict(SIGNALS, verbose=0), rtol=1e-4, atol=1e-4)


def test_stft_spectrogram_errors():
    with pytest.raises(ValueError, match="mode"):
        layers.STFTSpectrogram(mode="power")
    with pytest.raises(ValueError, match="frame_step"):
        layers.STFTSpectrogram(frame_length=16, frame_step=32)
    with pytest.raises(ValueError, match="fft_length"):
        layers.STFTSpectrogram(frame_length=64, fft_length=32)
    with pytest.raises(TypeError, match="float"):
        layers.STFTSpectrogram()(np.zeros((1, 300, 1), "int32"))
