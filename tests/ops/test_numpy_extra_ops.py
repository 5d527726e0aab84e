"""Keras 3.15 NumPy-family extra ops, checked against real Keras (torch backend) and NumPy."""

import os

import numpy as np
import pytest

import cornu
from cornu import ops

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")
kops = keras.ops

rng = np.random.default_rng(0)
I2 = np.array([[1, 2, 3], [4, 5, 6]], dtype="int32")
F2 = rng.normal(size=(3, 4)).astype("float32")
F3 = rng.normal(size=(2, 3, 4)).astype("float32")
B2 = I2 > 2
U8 = I2.astype("uint8")
H2 = F2.astype("float16")
NAN = np.array([[1.0, np.nan, 3.0, 0.5], [np.nan, np.nan, np.nan, np.nan], [2.0, -1.0, 4.0, 7.0]],
               dtype="float32")
POS = np.abs(F2) + 0.1


def _np(x):
    if isinstance(x, (tuple, list)):
        return [_np(v) for v in x]
    return np.asarray(ops.convert_to_numpy(x))


def _knp(x):
    if isinstance(x, (tuple, list)):
        return [_knp(v) for v in x]
    return np.asarray(kops.convert_to_numpy(x))


def _dtype(x):
    return str(np.asarray(x).dtype)


def _check(name, args, kwargs=None, rtol=1e-5, atol=1e-6, check_dtype=True):
    kwargs = kwargs or {}
    got = _np(getattr(ops, name)(*args, **kwargs))
    want = _knp(getattr(kops, name)(*args, **kwargs))
    if isinstance(want, list):
        assert len(got) == len(want)
        pairs = list(zip(got, want))
    else:
        pairs = [(got, want)]
    for g, w in pairs:
        assert g.shape == w.shape, (name, g.shape, w.shape)
        if check_dtype:
            assert _dtype(g) == _dtype(w), (name, _dtype(g), _dtype(w))
        if w.dtype == bool or np.issubdtype(w.dtype, np.integer):
            np.testing.assert_array_equal(g, w)
        elif np.iscomplexobj(w):
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)
        else:
            np.testing.assert_allclose(g.astype("float64"), w.astype("float64"), rtol=rtol,
                                       atol=atol, equal_nan=True)


UNARY = [
    ("angle", [I2]), ("angle", [F2]), ("angle", [np.array([1 + 1j, -2j], "complex64")]),
    ("cbrt", [I2]), ("cbrt", [F2]), ("cbrt", [I2.astype("int64")]),
    ("conjugate", [I2]), ("conjugate", [np.array([1 + 2j], "complex64")]),
    ("corrcoef", [F2]), ("corrcoef", [I2]),
    ("deg2rad", [I2]), ("deg2rad", [F2]), ("rad2deg", [F2]), ("rad2deg", [U8]),
    ("diagflat", [I2[0]]), ("diagflat", [F2], {"k": -1}),
    ("fabs", [I2]), ("fabs", [H2]),
    ("fliplr", [F3]), ("flipud", [I2]),
    ("i0", [F2]), ("i0", [I2]),
    ("isneginf", [np.array([-np.inf, 0, np.inf], "float32")]),
    ("isposinf", [np.array([-np.inf, 0, np.inf], "float32")]), ("isposinf", [I2]),
    ("isreal", [np.array([1 + 0j, 1 + 1j], "complex64")]), ("isreal", [F2]),
    ("signbit", [np.array([-0.0, 0.0, -1.0, 2.0], "float32")]), ("signbit", [I2 - 3]),
    ("sinc", [F2]), ("sinc", [I2]), ("sinc", [H2]),
    ("vander", [I2[0]]), ("vander", [F2[0]], {"N": 3, "increasing": True}),
    ("bitwise_not", [I2]), ("bitwise_invert", [U8]), ("bitwise_not", [B2]),
    ("diff", [F3]), ("diff", [I2], {"n": 2, "axis": 1}), ("diff", [F3], {"axis": 0}),
    ("diff", [U8], {"axis": 0}),
    ("rot90", [F3]), ("rot90", [I2], {"k": -1}), ("rot90", [F3], {"k": 3, "axes": (1, 2)}),
    ("slogdet", [rng.normal(size=(2, 3, 3)).astype("float32")]),
    ("unravel_index", [np.array([1, 5, 3]), (2, 3)]), ("unravel_index", [5, (2, 3)]),
    ("ptp", [F2]), ("ptp", [I2], {"axis": 1}), ("ptp", [F3], {"axis": (0, 2), "keepdims": True}),
    ("trapezoid", [F2]), ("trapezoid", [I2]), ("trapezoid", [F2], {"dx": 2.0, "axis": 0}),
    ("trapezoid", [F2.astype("float32")], {"x": np.array([0, 1, 3, 4], "float32")}),
    ("ndim", [F3]),
]


@pytest.mark.parametrize("case", UNARY, ids=lambda c: c[0])
def test_unary_like_matches_keras(case):
    name, args = case[0], case[1]
    kwargs = case[2] if len(case) > 2 else {}
    _check(name, args, kwargs, rtol=2e-3 if any(_dtype(a) == "float16" for a in args
                                                 if hasattr(a, "dtype")) else 1e-5)


BINARY = [
    ("append", [I2, I2], {"axis": 1}), ("append", [I2, F2]), ("append", [B2, B2]),
    ("bitwise_and", [I2, I2 + 3]), ("bitwise_or", [U8, I2]), ("bitwise_xor", [I2, 5]),
    ("bitwise_and", [B2, B2[::-1]]),
    ("bitwise_left_shift", [I2, 2]), ("bitwise_right_shift", [I2 * 16, I2]),
    ("left_shift", [U8, U8]), ("right_shift", [I2, 1]),
    ("correlate", [F2[0], F2[1][:3]]), ("correlate", [F2[0], F2[1][:3]], {"mode": "same"}),
    ("correlate", [F2[0], F2[1]], {"mode": "full"}), ("correlate", [I2[0], I2[1][:2]]),
    ("correlate", [np.arange(5.0, dtype="float32"), np.array([1.0, 2.0], "float32")],
     {"mode": "same"}),
    ("fmax", [NAN, F2]), ("fmin", [NAN, 0.0]), ("fmax", [I2, I2[::-1]]), ("fmin", [U8, I2]),
    ("fmod", [F2, 0.3]), ("fmod", [I2 - 3, 2]), ("fmod", [I2, F2[:2, :3]]),
    ("gcd", [I2 * 6, I2 * 4]), ("lcm", [I2, 4]), ("gcd", [I2.astype("int64"), I2]),
    ("heaviside", [F2, 0.5]), ("heaviside", [np.array([-1, 0, 2], "int32"),
                                           np.array([5, 5, 5], "int32")]),
    ("hypot", [F2, F2 * 2]), ("hypot", [I2, I2]), ("hypot", [I2, 2.0]),
    ("kron", [I2, I2]), ("kron", [F2[:2, :2], I2]),
    ("ldexp", [F2, I2[0:1, 0:1]]), ("ldexp", [I2, I2]), ("ldexp", [F2, 3]),
    ("logaddexp2", [F2, F2 * 2]), ("logaddexp2", [I2, I2]),
    ("nextafter", [F2, np.float32(0)]), ("nextafter", [I2, 10]),
    ("isin", [I2, np.array([2, 5])]), ("isin", [I2, np.array([2, 5])], {"invert": True}),
    ("isin", [F2, F2[0]]),
    ("vdot", [F2[0], F2[1]]), ("vdot", [I2[0], I2[1]]),
]


@pytest.mark.parametrize("case", BINARY, ids=lambda c: c[0])
def test_binary_matches_keras(case):
    name, args = case[0], case[1]
    kwargs = case[2] if len(case) > 2 else {}
    _check(name, args, kwargs)


REDUCTIONS = [
    ("median", [F2]), ("median", [F3], {"axis": 1}), ("median", [I2], {"axis": 0}),
    ("median", [F3], {"axis": (0, 2), "keepdims": True}), ("median", [H2], {"axis": -1}),
    ("quantile", [F3, 0.3]), ("quantile", [F3, [0.1, 0.5, 0.9]], {"axis": 1}),
    ("quantile", [I2, 0.25], {"axis": 1, "keepdims": True}),
    ("percentile", [F2, 37.0], {"axis": 0}), ("percentile", [F2, [10, 90]], {"axis": -1}),
    ("nanquantile", [NAN, 0.4], {"axis": 1}), ("nanpercentile", [NAN, [25, 75]], {"axis": 0}),
    ("nanmedian", [NAN], {"axis": 1}), ("nanmedian", [NAN]),
    ("nanmax", [NAN], {"axis": 1}), ("nanmin", [NAN], {"axis": 0, "keepdims": True}),
    ("nanmax", [I2]), ("nanmin", [I2], {"axis": 1}),
    ("nansum", [NAN], {"axis": 1}), ("nansum", [I2]), ("nansum", [B2], {"axis": 0}),
    ("nanprod", [NAN], {"axis": 0}), ("nanprod", [I2], {"axis": 1}),
    ("nanmean", [NAN], {"axis": 1}), ("nanmean", [I2]),
    ("nanvar", [NAN], {"axis": 1}), ("nanstd", [NAN], {"axis": 0, "keepdims": True}),
    ("nanstd", [I2]),
    ("nanargmax", [NAN], {"axis": 1}), ("nanargmin", [NAN], {"axis": 1}),
    ("nanargmax", [F3]), ("nanargmin", [I2], {"axis": 0}),
    ("nancumsum", [NAN], {"axis": 1}), ("nancumsum", [NAN]), ("nancumprod", [NAN], {"axis": 0}),
    ("nancumsum", [I2], {"axis": 0}), ("nancumprod", [B2], {"axis": 1}),
]


@pytest.mark.parametrize("case", REDUCTIONS, ids=lambda c: c[0])
def test_reductions_match_keras(case):
    name, args = case[0], case[1]
    kwargs = case[2] if len(case) > 2 else {}
    _check(name, args, kwargs, rtol=2e-3 if args[0] is H2 else 1e-5)


@pytest.mark.filterwarnings("ignore:All-NaN")
@pytest.mark.parametrize("method", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("shape,axis", [((7,), None), ((4, 6), 1), ((3, 5, 2), (0, 2))])
def test_quantile_methods_match_numpy(method, shape, axis):
    x = rng.normal(size=shape)
    q = np.array([0.0, 0.125, 0.25, 0.5, 0.8, 1.0])
    got = _np(ops.quantile(x, q, axis=axis, method=method))
    np.testing.assert_allclose(got, np.quantile(x, q, axis=axis, method=method), rtol=1e-10)
    x[0] = np.nan
    got = _np(ops.nanquantile(x, q, axis=axis, method=method))
    want = np.nanquantile(x, q, axis=axis, method=method)
    np.testing.assert_allclose(got, want, rtol=1e-10, equal_nan=True)


def test_nan_reductions_match_numpy_multi_axis():
    x = rng.normal(size=(3, 4, 5))
    x[x > 1.0] = np.nan
    for name in ["nansum", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin", "nanprod"]:
        for axis in [None, 1, (0, 2), -1]:
            got = _np(getattr(ops, name)(x, axis=axis))
            np.testing.assert_allclose(got, getattr(np, name)(x, axis=axis), rtol=1e-10,
                                       err_msg=f"{name} axis={axis}")
    for name in ["nanargmax", "nanargmin"]:
        np.testing.assert_array_equal(_np(getattr(ops, name)(x, axis=2)),
                                      getattr(np, name)(x, axis=2))
    assert int(_np(ops.nanargmax(np.array([np.nan, np.nan])))) == -1
    assert _np(ops.nanargmax(x, keepdims=True)).shape == (1, 1, 1)
    assert np.isnan(_np(ops.nanmax(np.array([np.nan, np.nan]))))
    assert np.isnan(_np(ops.nanmean(np.array([np.nan]))))


def test_weak_scalars_and_dtypes():
    assert ops.dtype(ops.fmax(B2, 2)) == "int32"
    assert ops.dtype(ops.bitwise_and(U8, 3)) == "uint8"
    assert ops.dtype(ops.fmod(I2, 2.0)) == "float32"
    assert ops.dtype(ops.hypot(H2, 1.0)) == "float16"
    assert ops.dtype(ops.nancumsum(I2)) == "int32"
    assert ops.dtype(ops.nansum(U8)) == "int32"
    assert ops.dtype(ops.median(I2)) == "float32"
    assert ops.dtype(ops.deg2rad(I2.astype("int64"))) == "float64"


def test_gradients_flow():
    import torch

    x = torch.tensor(F2, requires_grad=True)
    (ops.median(x) + ops.nanmean(x) + ops.quantile(x, 0.3, axis=1).sum()).backward()
    assert x.grad is not None and np.isfinite(x.grad.numpy()).all()


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
@pytest.mark.parametrize("n,m", [(5, 3), (6, 2), (4, 4), (3, 6), (2, 5)])
def test_correlate_matches_numpy(mode, n, m):
    # NumPy semantics: a length-1 'valid' result keeps shape (1,) (as the jax and numpy
    # backends of Keras do).
    a, v = rng.normal(size=n), rng.normal(size=m)
    np.testing.assert_allclose(_np(ops.correlate(a, v, mode=mode)), np.correlate(a, v, mode),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
@pytest.mark.parametrize("m", [0, 1, 2, 7, 10])
def test_windows(name, m):
    got = _np(getattr(ops, name)(m))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, getattr(np, name)(m), atol=1e-6)
    _check(name, [m])


@pytest.mark.parametrize("m,beta", [(1, 2.0), (5, 0.0), (8, 5.0), (9, 14)])
def test_kaiser(m, beta):
    np.testing.assert_allclose(_np(ops.kaiser(m, beta)), np.kaiser(m, beta), rtol=1e-5,
                               atol=1e-6)
    _check("kaiser", [m, beta])


def test_spaces():
    _check("logspace", [0, 2, 5])
    _check("logspace", [0.0, 3.0], {"num": 4, "base": 2, "endpoint": False})
    _check("logspace", [0, 2, 3], {"dtype": "int32"})
    _check("geomspace", [1, 1000, 4])
    _check("geomspace", [-1, -8, 4], {"endpoint": False})
    start, stop = np.array([1.0, 2.0]), np.array([10.0, 50.0])
    np.testing.assert_allclose(_np(ops.geomspace(start, stop, 5, axis=1, dtype="float64")),
                               np.geomspace(start, stop, 5, axis=1), rtol=1e-12)
    np.testing.assert_allclose(_np(ops.logspace(start, stop, 3, axis=-1, dtype="float64")),
                               np.logspace(start, stop, 3, axis=-1), rtol=1e-12)
    assert ops.logspace(0, 1, 0).shape == (0,)


def test_histogram():
    x = rng.normal(size=50).astype("float32")
    _check("histogram", [x])
    _check("histogram", [x], {"bins": 4, "range": (-1, 1)})
    counts, edges = ops.histogram(np.array([1.0, 2, 2, 3, 5]), bins=4, range=(0, 6))
    want_c, want_e = np.histogram(np.array([1.0, 2, 2, 3, 5]), bins=4, range=(0, 6))
    np.testing.assert_array_equal(_np(counts), want_c)
    np.testing.assert_allclose(_np(edges), want_e)
    c, _ = ops.histogram(np.array([3.0, 3.0]), bins=2)
    np.testing.assert_array_equal(_np(c), np.histogram(np.array([3.0, 3.0]), bins=2)[0])
    with pytest.raises(ValueError, match="histogram"):
        ops.histogram(F2)


def test_splits_and_stacks():
    _check("array_split", [np.arange(7), 3])
    _check("array_split", [F3, 3], {"axis": 2})
    got = _np(ops.array_split(F3, [1, 3], axis=2))
    for g, w in zip(got, np.array_split(F3, [1, 3], axis=2)):
        np.testing.assert_array_equal(g, w)
    _check("hsplit", [F3, 3])
    _check("hsplit", [np.arange(6), [2, 5]])
    _check("vsplit", [F2, 3])
    _check("dsplit", [F3, 2])
    _check("dstack", [[I2, I2]])
    _check("dstack", [[np.array([1, 2]), np.array([3.0, 4.0], "float32")]])
    with pytest.raises(ValueError, match="hsplit"):
        ops.hsplit(F3, 2)
    with pytest.raises(ValueError, match="dsplit"):
        ops.dsplit(F2, 2)


def test_select_and_get_item():
    _check("select", [[I2 > 4, I2 < 2], [I2, I2 * 10]])
    _check("select", [[F2 > 0], [F2]], {"default": -1})
    _check("select", [[I2 > 2, I2 < 3], [I2, F2[:2, :3]]])
    x = np.arange(24).reshape(2, 3, 4)
    for key in [1, (0, slice(None), 2), (Ellipsis, 1), (slice(None), None, 1),
                (np.array([1, 0]),), x > 5, [0, 1]]:
        np.testing.assert_array_equal(_np(ops.get_item(x, key)), x[key])


def test_creation_like():
    e = ops.empty((2, 3))
    assert tuple(e.shape) == (2, 3) and ops.dtype(e) == "float32"
    assert ops.dtype(ops.empty((2,), dtype="int32")) == "int32"
    e = ops.empty_like(I2)
    assert tuple(e.shape) == (2, 3) and ops.dtype(e) == "int32"
    assert ops.dtype(ops.empty_like(I2, dtype="float16")) == "float16"
    assert ops.ndim(F3) == 3 and isinstance(ops.ndim(F3), int)


def test_argpartition_partitions():
    x = rng.normal(size=(4, 9)).astype("float32")
    for kth in [0, 4, 8]:
        idx = _np(ops.argpartition(x, kth, axis=1))
        assert idx.dtype == np.int32
        part = np.take_along_axis(x, idx, axis=1)
        srt = np.sort(x, axis=1)
        np.testing.assert_array_equal(part[:, kth], srt[:, kth])
        assert np.all(part[:, :kth] <= part[:, kth : kth + 1])
        assert np.all(part[:, kth + 1 :] >= part[:, kth : kth + 1])


def test_view():
    _check("view", [F2, "int32"])
    _check("view", [F2, "uint8"])
    _check("view", [I2.astype("int16"), "float16"])
    np.testing.assert_array_equal(_np(ops.view(F2, "int32")), F2.view("int32"))
    np.testing.assert_array_equal(_np(ops.view(I2, "int16")), I2.view("int16"))


def test_vectorize():
    f = ops.vectorize(lambda a, b: a * 2 + b)
    np.testing.assert_allclose(_np(f(F2, 1.0)), F2 * 2 + 1, rtol=1e-6)
    g = ops.vectorize(lambda a: ops.sum(a), signature="(n)->()")
    np.testing.assert_allclose(_np(g(F3)), F3.sum(-1), rtol=1e-5)
    h = ops.vectorize(lambda a, b: ops.matmul(a, b), signature="(m,n),(n,k)->(m,k)")
    a, b = rng.normal(size=(5, 2, 3)), rng.normal(size=(3, 4))
    np.testing.assert_allclose(_np(h(a, b)), a @ b, rtol=1e-10)
    # Python control flow on values is not vmappable: falls back to a loop.
    step = ops.vectorize(lambda a: a + 1 if float(a) > 0 else a - 1)
    np.testing.assert_allclose(_np(step(np.array([-1.0, 2.0]))), [-2.0, 3.0])
    ex = ops.vectorize(lambda a, scale: a * scale, excluded={1})
    np.testing.assert_allclose(_np(ex(F2, 3.0)), F2 * 3, rtol=1e-6)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(TypeError, match="bitwise_and"):
        ops.bitwise_and(F2, F2)
    with pytest.raises(TypeError, match="gcd"):
        ops.gcd(F2, 2)
    with pytest.raises(ValueError, match="quantile"):
        ops.quantile(F2, 1.5)
    with pytest.raises(ValueError, match="percentile"):
        ops.percentile(F2, -1)
    with pytest.raises(ValueError, match="method"):
        ops.quantile(F2, 0.5, method="cubic")
    with pytest.raises(ValueError, match="correlate"):
        ops.correlate(F2, F2)
    with pytest.raises(ValueError, match="correlate"):
        ops.correlate(F2[0], F2[0], mode="bogus")
    with pytest.raises(ValueError, match="rot90"):
        ops.rot90(F2[0])
    with pytest.raises(ValueError, match="fliplr"):
        ops.fliplr(F2[0])
    with pytest.raises(TypeError, match="ldexp"):
        ops.ldexp(F2, 1.5)
    with pytest.raises(ValueError, match="select"):
        ops.select([F2 > 0], [F2, F2])
    with pytest.raises(ValueError, match="view"):
        ops.view(np.ones((3,), "uint8"), "int32")
    with pytest.raises(TypeError, match="hamming"):
        ops.hamming(2.5)
    with pytest.raises(ValueError, match="diff"):
        ops.diff(F2, n=-1)


def test_symbolic_shapes():
    x = cornu.Input((3, 4))
    assert ops.median(x, axis=-1).shape == (None, 3)
    assert ops.quantile(x, [0.1, 0.9], axis=1).shape == (2, None, 4)
    assert ops.nansum(x, axis=1, keepdims=True).shape == (None, 1, 4)
    assert ops.nanmax(x, axis=(1, 2)).shape == (None,)
    assert ops.diff(x, axis=1).shape == (None, 2, 4)
    assert ops.rot90(x, axes=(1, 2)).shape == (None, 4, 3)
    assert ops.kron(x, np.ones((1, 2, 2), "float32")).shape == (None, 6, 8)
    assert ops.hypot(x, x).shape == (None, 3, 4)
    assert ops.deg2rad(x).dtype == "float32"
    assert ops.isin(x, np.array([1.0])).dtype == "bool"
    assert ops.trapezoid(x).shape == (None, 3)
    assert ops.fliplr(x).shape == (None, 3, 4)
    assert ops.nanargmax(x, axis=2).shape == (None, 3)
