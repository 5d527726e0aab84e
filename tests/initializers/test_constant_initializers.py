"""Constant, Zeros, Ones, Identity and STFT."""

import numpy as np
import pytest

from cornu import initializers, ops


def as_np(x):
    return ops.convert_to_numpy(x)


def test_zeros_and_ones():
    z = initializers.Zeros()((2, 3))
    assert ops.dtype(z) == "float32"
    np.testing.assert_array_equal(as_np(z), np.zeros((2, 3)))
    o = initializers.Ones()((4,), dtype="int32")
    assert ops.dtype(o) == "int32"
    np.testing.assert_array_equal(as_np(o), np.ones(4))


def test_constant_scalar_and_array():
    np.testing.assert_array_equal(as_np(initializers.Constant(2.5)((2, 2))), np.full((2, 2), 2.5))
    row = initializers.Constant([1.0, 2.0, 3.0])((2, 3), dtype="float64")
    assert ops.dtype(row) == "float64"
    np.testing.assert_array_equal(as_np(row), [[1, 2, 3], [1, 2, 3]])


def test_constant_config_is_json_friendly():
    init = initializers.Constant(np.array([1.0, 2.0]))
    assert init.get_config() == {"value": [1.0, 2.0]}
    assert initializers.Constant().get_config() == {"value": 0.0}


def test_identity():
    np.testing.assert_array_equal(as_np(initializers.Identity()((3, 3))), np.eye(3))
    np.testing.assert_array_equal(
        as_np(initializers.Identity(gain=0.5)((2, 4))), 0.5 * np.eye(2, 4)
    )
    with pytest.raises(ValueError, match="2D"):
        initializers.Identity()((2, 2, 2))


def test_bad_shapes_are_reported():
    with pytest.raises(ValueError, match="shape"):
        initializers.Zeros()((2, None))
    with pytest.raises(ValueError, match="shape"):
        initializers.Ones()((2, -1))


def test_stft_real_and_imaginary_parts():
    frame, bins = 8, 5
    real = as_np(initializers.STFT("real", window=None, scaling=None)((frame, 1, bins)))
    imag = as_np(initializers.STFT("imag", window=None, scaling=None)((frame, 1, bins)))
    t = np.arange(frame)[:, None]
    f = np.arange(bins)[None, :] / ((bins - 1) * 2)
    np.testing.assert_allclose(real[:, 0, :], np.cos(-2 * np.pi * t * f), atol=1e-6)
    np.testing.assert_allclose(imag[:, 0, :], np.sin(-2 * np.pi * t * f), atol=1e-6)


@pytest.mark.parametrize("window", ["hann", "hamming", "blackman"])
@pytest.mark.parametrize("scaling", ["density", "spectrum", None])
@pytest.mark.parametrize("periodic", [False, True])
def test_stft_matches_keras(window, scaling, periodic, keras):
    pytest.importorskip("scipy")
    for side in ("real", "imag"):
        ours = initializers.STFT(side, window, scaling, periodic)((16, 1, 9))
        theirs = keras.initializers.STFT(side, window, scaling, periodic)((16, 1, 9))
        # Keras computes the angles in float32; cornu in float64, hence atol 1e-5.
        np.testing.assert_allclose(
            as_np(ours), keras.ops.convert_to_numpy(theirs), rtol=1e-5, atol=1e-5
        )


def test_stft_rejects_bad_arguments():
    with pytest.raises(ValueError, match="side"):
        initializers.STFT(side="both")
    with pytest.raises(ValueError, match="scaling"):
        initializers.STFT(scaling="power")
    with pytest.raises(ValueError, match="frame_length"):
        initializers.STFT()((8, 5))
