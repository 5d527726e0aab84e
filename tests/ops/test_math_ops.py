"""cornu.ops math family (erf, FFTs, STFT, segments, cdist, ...) against Keras 3 and NumPy."""

import numpy as np
import pytest
from _arrays import kn, np_

import cornu
from cornu import ops

rng = np.random.default_rng(0)




def same(got, want, rtol=1e-5, atol=1e-6, dtype=True):
    got, want = np_(got), kn(want) if not isinstance(want, np.ndarray) else want
    if isinstance(got, list):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, rtol, atol, dtype)
        return
    assert got.shape == want.shape, (got.shape, want.shape)
    if dtype:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# --- erf family ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["erf", "erfc", "erfinv"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32"])
def test_erf_family_matches_keras(keras, name, dtype):
    if dtype == "int32":
        x = np.array([0, 1, -1, 2], dtype)
    elif name == "erfinv":
        x = rng.uniform(-0.99, 0.99, (3, 5)).astype(dtype)
    else:
        x = rng.standard_normal((3, 5)).astype(dtype)
    tol = 2e-3 if dtype == "float16" else 1e-6
    same(getattr(ops, name)(x), getattr(keras.ops, name)(x), rtol=tol, atol=tol)


def test_erf_against_scipy():
    special = pytest.importorskip("scipy.special")
    x = np.linspace(-3, 3, 41)
    same(ops.erf(x), special.erf(x), rtol=1e-12, atol=1e-12)
    same(ops.erfc(x), special.erfc(x), rtol=1e-12, atol=1e-12)
    y = np.linspace(-0.999, 0.999, 41)
    same(ops.erfinv(y), special.erfinv(y), rtol=1e-10, atol=1e-10)


# --- FFT family ------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(8,), (3, 16), (2, 4, 6)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fft_family(keras, shape, dtype):
    re = rng.standard_normal(shape).astype(dtype)
    im = rng.standard_normal(shape).astype(dtype)
    z = re + 1j * im
    tol = 1e-4 if dtype == "float32" else 1e-10
    out = ops.fft((re, im))
    same(out, keras.ops.fft((re, im)), tol, tol)
    same(out[0], np.fft.fft(z).real.astype(dtype), tol, tol)
    same(out[1], np.fft.fft(z).imag.astype(dtype), tol, tol)
    if len(shape) >= 2:
        same(ops.fft2((re, im)), keras.ops.fft2((re, im)), tol, tol)
        same(ops.ifft2((re, im)), keras.ops.ifft2((re, im)), tol, tol)
        back = ops.ifft2(ops.fft2((re, im)))
        same(back, [re, im], tol, tol)
    for n in (None, 5, 12):
        same(ops.rfft(re, n), keras.ops.rfft(re, n), tol, tol)
        spec = (re[..., : shape[-1] // 2 + 1], im[..., : shape[-1] // 2 + 1])
        same(ops.irfft(spec, n), keras.ops.irfft(spec, n), tol, tol)
    same(ops.irfft(ops.rfft(re), shape[-1]), re, tol, tol)


def test_fft_bad_input():
    with pytest.raises(ValueError, match="fft.*real, imag"):
        ops.fft(np.ones(4, "float32"))
    with pytest.raises(ValueError, match="same shape"):
        ops.fft((np.ones(4, "float32"), np.ones(3, "float32")))
    with pytest.raises(ValueError, match="float"):
        ops.fft2((np.ones((2, 2), "int32"), np.ones((2, 2), "int32")))
    with pytest.raises(ValueError, match="fft_length"):
        ops.rfft(np.ones(4, "float32"), fft_length=0)


def test_view_as_complex_real(keras):
    x = rng.standard_normal((3, 4, 2))
    same(ops.view_as_complex(x), keras.ops.view_as_complex(x))
    z = (x[..., 0] + 1j * x[..., 1]).astype("complex64")
    same(ops.view_as_real(z), keras.ops.view_as_real(z))
    same(ops.view_as_real(ops.view_as_complex(x)), x.astype("float32"))
    with pytest.raises(ValueError, match="view_as_complex.*2"):
        ops.view_as_complex(np.ones((3, 3)))


# --- framing and STFT ------------------------------------------------------------------------
@pytest.mark.parametrize("shape,length,stride", [((10,), 4, 3), ((2, 16), 5, 2), ((2, 3, 9), 3, 3)])
def test_extract_sequences(keras, shape, length, stride):
    x = rng.standard_normal(shape).astype("float32")
    same(ops.extract_sequences(x, length, stride), keras.ops.extract_sequences(x, length, stride))


@pytest.mark.parametrize(
    "shape,seq,stride,fft,window,center",
    [
        ((64,), 16, 8, 16, "hann", True),
        ((2, 100), 16, 4, 32, "hamming", True),
        ((2, 3, 50), 10, 5, 16, None, False),
        ((80,), 12, 6, 12, "window", False),
        ((2, 120), 20, 10, 32, "hann", False),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_stft_istft_match_keras(keras, shape, seq, stride, fft, window, center, dtype):
    x = rng.standard_normal(shape).astype(dtype)
    if window == "window":
        window = rng.uniform(0.5, 1.0, seq).astype(dtype)
    tol = 1e-4 if dtype == "float32" else 1e-9
    got = ops.stft(x, seq, stride, fft, window=window, center=center)
    want = keras.ops.stft(x, seq, stride, fft, window=window, center=center)
    same(got, want, tol, tol)
    re, im = kn(want)
    for length in (None, shape[-1] - 3):
        got = ops.istft((re, im), seq, stride, fft, length=length, window=window, center=center)
        want = keras.ops.istft(
            (re, im), seq, stride, fft, length=length, window=window, center=center
        )
        same(got, want, tol, tol)


def test_stft_round_trip():
    x = rng.standard_normal((2, 256)).astype("float32")
    spec = ops.stft(x, 32, 8, 32)
    same(ops.istft(spec, 32, 8, 32, length=256), x, 1e-4, 1e-4)


def test_stft_bad_input():
    x = np.ones(64, "float32")
    with pytest.raises(ValueError, match="fft_length"):
        ops.stft(x, 32, 8, 16)
    with pytest.raises(ValueError, match="hann"):
        ops.stft(x, 16, 8, 16, window="blackman")
    with pytest.raises(ValueError, match="window"):
        ops.stft(x, 16, 8, 16, window=np.ones(5))
    with pytest.raises(TypeError, match="float32 or float64"):
        ops.stft(x.astype("float16"), 16, 8, 16)


# --- logdet, in_top_k --------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [(), (3,), (2, 2)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logdet(keras, batch, dtype):
    a = rng.standard_normal(batch + (4, 4))
    spd = (a @ np.swapaxes(a, -1, -2) + 4 * np.eye(4)).astype(dtype)
    tol = 1e-5 if dtype == "float32" else 1e-10
    same(ops.logdet(spd), keras.ops.logdet(spd), tol, tol)
    same(ops.logdet(spd), np.linalg.slogdet(spd)[1].astype(dtype), tol, tol)
    with pytest.raises(ValueError, match="logdet.*square"):
        ops.logdet(np.ones((2, 3)))


@pytest.mark.parametrize("k", [1, 2, 4])
def test_in_top_k(keras, k):
    preds = rng.standard_normal((6, 5)).astype("float32")
    preds[0, :] = 1.0  # ties count as in the top k
    targets = np.array([0, 1, 2, 3, 4, 0], "int32")
    same(ops.in_top_k(targets, preds, k), keras.ops.in_top_k(targets, preds, k))
    with pytest.raises(ValueError, match="in_top_k.*predictions"):
        ops.in_top_k(targets, preds[0], k)


# --- segment reductions ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["segment_max", "segment_min", "segment_prod"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize("num_segments", [None, 6])
def test_segment_ops(keras, name, dtype, num_segments):
    data = rng.uniform(-3, 3, (7, 3)).astype(dtype)
    ids = np.array([0, 0, 1, 3, 3, 3, 4])
    got = np_(getattr(ops, name)(data, ids, num_segments=num_segments))
    want = kn(getattr(keras.ops, name)(data, ids, num_segments=num_segments))
    if name == "segment_min" and dtype == "int32":
        # Keras's torch backend casts +inf to int for empty segments (giving INT_MIN);
        # cornu gives the dtype's largest value there, as TensorFlow and JAX do.
        empty = np.setdiff1d(np.arange(got.shape[0]), ids)
        assert (got[empty] == np.iinfo("int32").max).all()
        keep = np.unique(ids)
        got, want = got[keep], want[keep]
    same(got, want, 1e-6, 1e-6)


def test_segment_numpy_reference():
    data = rng.standard_normal((9, 2)).astype("float64")
    ids = np.array([2, 0, 1, 2, 0, 1, 1, 2, 0])
    for name, fn in [("segment_max", np.max), ("segment_min", np.min), ("segment_prod", np.prod)]:
        want = np.stack([fn(data[ids == s], axis=0) for s in range(3)])
        same(getattr(ops, name)(data, ids), want, 1e-12, 1e-12)
    # Ids outside [0, num_segments) are dropped.
    out = ops.segment_max(np.array([1.0, 5.0, 2.0]), np.array([0, 5, -1]), 2)
    same(out, np.array([1.0, -np.inf]))
    with pytest.raises(ValueError, match="segment_min.*segment_ids"):
        ops.segment_min(data, ids[:3])


# --- cdist -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "xs,ys", [((4, 3), (5, 3)), ((2, 4, 3), (2, 6, 3)), ((2, 4, 3), (1, 6, 3)), ((3, 1), (3, 1))]
)
def test_cdist(keras, xs, ys):
    x = rng.standard_normal(xs).astype("float32")
    y = rng.standard_normal(ys).astype("float32")
    same(ops.cdist(x, y), keras.ops.cdist(x, y), 1e-5, 1e-5)
    want = np.sqrt(((x[..., :, None, :] - y[..., None, :, :]) ** 2).sum(-1))
    same(ops.cdist(x, y), want, 1e-5, 1e-5)


def test_cdist_ints_and_errors(keras):
    x = np.arange(6, dtype="int32").reshape(2, 3)
    same(ops.cdist(x, x), keras.ops.cdist(x, x))
    with pytest.raises(ValueError, match="cdist.*last dimensions"):
        ops.cdist(np.ones((2, 3)), np.ones((2, 4)))


# --- symbolic ----------------------------------------------------------------------------------
def test_symbolic_shapes():
    x = cornu.Input((100,))
    assert ops.erf(x).shape == (None, 100)
    assert ops.erfinv(x).dtype == "float32"
    re, im = ops.stft(x, 16, 8, 32)
    assert re.shape == (None, 13, 17) and im.shape == (None, 13, 17)
    assert ops.istft((re, im), 16, 8, 32, length=100).shape == (None, 100)
    assert ops.extract_sequences(x, 10, 5).shape == (None, 19, 10)
    assert ops.rfft(x)[0].shape == (None, 51)
    assert ops.irfft(ops.rfft(x)).shape == (None, 100)
    m = cornu.Input((4, 3))
    assert ops.cdist(m, m).shape == (None, 4, 4)
    assert ops.logdet(cornu.Input((3, 3))).shape == (None,)
    assert ops.fft2((m, m))[1].shape == (None, 4, 3)
    data = cornu.Input((3,), batch_size=5)
    ids = cornu.Input((), batch_size=5, dtype="int32")
    assert ops.segment_max(data, ids, num_segments=4).shape == (4, 3)
    assert ops.segment_prod(data, ids).shape == (None, 3)
    preds = cornu.Input((10,))
    targets = cornu.Input((), dtype="int32")
    out = ops.in_top_k(targets, preds, 3)
    assert out.shape == (None,) and out.dtype == "bool"
