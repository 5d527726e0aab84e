"""cornu.ops linalg family (and cornu.ops.linalg) against Keras 3 and NumPy/SciPy."""

import numpy as np
import pytest
from _arrays import kn, np_

import cornu
from cornu import ops
from cornu.ops import linalg

rng = np.random.default_rng(0)
BATCHES = [(), (3,), (2, 2)]




def same(got, want, tol=1e-5, dtype=True):
    got = np_(got)
    want = want if isinstance(want, np.ndarray) else kn(want)
    if isinstance(got, list):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, tol, dtype)
        return
    assert got.shape == want.shape, (got.shape, want.shape)
    if dtype:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def spd(batch, n=4, dtype="float32"):
    a = rng.standard_normal(batch + (n, n))
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def tol_for(dtype):
    return 1e-4 if dtype == "float32" else 1e-10


def test_linalg_namespace():
    for name in ["cholesky", "det", "eigh", "inv", "jvp", "lstsq", "norm", "qr", "solve", "svd"]:
        assert getattr(linalg, name) is getattr(ops, name)


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_inv_det_solve(keras, batch, dtype):
    a = (rng.standard_normal(batch + (4, 4)) + 4 * np.eye(4)).astype(dtype)
    b = rng.standard_normal(batch + (4, 2)).astype(dtype)
    v = rng.standard_normal(batch + (4,)).astype(dtype)
    tol = tol_for(dtype)
    same(linalg.inv(a), keras.ops.linalg.inv(a), tol)
    same(linalg.inv(a), np.linalg.inv(a), tol)
    same(linalg.det(a), keras.ops.linalg.det(a), tol)
    same(linalg.det(a), np.linalg.det(a).astype(dtype), tol)
    same(linalg.solve(a, b), keras.ops.linalg.solve(a, b), tol)
    same(linalg.solve(a, b), np.linalg.solve(a, b), tol)
    same(linalg.solve(a, v), keras.ops.linalg.solve(a, v), tol)
    same(linalg.solve(a, v), np.linalg.solve(a, v[..., None])[..., 0], tol)


def test_int_input_becomes_float(keras):
    a = np.array([[2, 1], [1, 3]], "int32")
    for name in ["inv", "det", "cholesky"]:
        got = getattr(linalg, name)(a)
        assert ops.dtype(got) == "float32"
        same(got, getattr(np.linalg, name)(a).astype("float32"), 1e-5)


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cholesky(keras, batch, dtype):
    a = spd(batch, dtype=dtype)
    tol = tol_for(dtype)
    for upper in (False, True):
        got = linalg.cholesky(a, upper=upper)
        same(got, keras.ops.linalg.cholesky(a, upper=upper), tol)
        same(
            linalg.cholesky_inverse(got, upper=upper),
            keras.ops.linalg.cholesky_inverse(kn(got), upper=upper),
            tol,
        )
    low = np.linalg.cholesky(a)
    same(linalg.cholesky(a), low, tol)
    same(linalg.cholesky_inverse(low), np.linalg.inv(a), tol * 10)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_svd_qr(keras, shape, dtype):
    x = rng.standard_normal(shape).astype(dtype)
    tol = tol_for(dtype)
    s = linalg.svd(x, compute_uv=False)
    same(s, keras.ops.linalg.svd(x, compute_uv=False), tol)
    same(s, np.linalg.svd(x, compute_uv=False), tol)
    for full in (True, False):
        u, s, vh = np_(linalg.svd(x, full_matrices=full))
        nu, ns, nvh = np.linalg.svd(x, full_matrices=full)
        assert u.shape == nu.shape and vh.shape == nvh.shape and u.dtype == np.dtype(dtype)
        k = min(shape[-2:])
        recon = (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]
        same(recon, x, tol * 10)
    for mode in ("reduced", "complete"):
        q, r = linalg.qr(x, mode=mode)
        kq, kr = kn(keras.ops.linalg.qr(x, mode=mode))
        same([q, r], [kq, kr], tol)
        same(ops.matmul(q, r), x, tol * 10)
    with pytest.raises(ValueError, match="qr.*mode"):
        linalg.qr(x, mode="r")


@pytest.mark.parametrize("batch", [(), (3,)])
def test_eigh_eig(keras, batch):
    a = spd(batch, dtype="float64")
    w, v = np_(linalg.eigh(a))
    same(w, np.linalg.eigh(a)[0], 1e-10)
    same(w, kn(keras.ops.linalg.eigh(a))[0], 1e-10)
    same(v @ (w[..., :, None] * np.swapaxes(v, -1, -2)), a, 1e-9)
    g = rng.standard_normal(batch + (4, 4))
    w, v = np_(linalg.eig(g))
    assert w.dtype == np.complex128 and v.dtype == np.complex128
    same(g @ v, v * w[..., None, :], 1e-9)
    want = kn(keras.ops.linalg.eig(g))
    same([w, v], want, 1e-10)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_lu_factor(keras, dtype):
    scipy_linalg = pytest.importorskip("scipy.linalg")
    a = rng.standard_normal((5, 5)).astype(dtype)
    lu, piv = linalg.lu_factor(a)
    same([lu, piv], keras.ops.linalg.lu_factor(a), tol_for(dtype))
    slu, spiv = scipy_linalg.lu_factor(a)
    same(lu, slu.astype(dtype), tol_for(dtype))
    np.testing.assert_array_equal(np_(piv), spiv)
    batched = rng.standard_normal((3, 4, 4)).astype(dtype)
    same(linalg.lu_factor(batched), keras.ops.linalg.lu_factor(batched), tol_for(dtype))


@pytest.mark.parametrize("shape_a,shape_b", [((6, 3), (6,)), ((6, 3), (6, 2)), ((4, 4), (4, 1))])
def test_lstsq(keras, shape_a, shape_b):
    a = rng.standard_normal(shape_a)
    b = rng.standard_normal(shape_b)
    got = linalg.lstsq(a, b)
    same(got, np.linalg.lstsq(a, b, rcond=None)[0], 1e-9)
    same(got, keras.ops.linalg.lstsq(a, b), 1e-9)


def test_lstsq_batched_vector_rhs():
    a = rng.standard_normal((3, 5, 4))
    b = rng.standard_normal((3, 5))
    want = np.stack([np.linalg.lstsq(a[i], b[i], rcond=None)[0] for i in range(3)])
    same(linalg.lstsq(a, b), want, 1e-9)


def test_lstsq_rank_deficient_is_minimum_norm():
    a = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    b = np.array([1.0, 2.0, 3.0])
    same(linalg.lstsq(a, b), np.linalg.lstsq(a, b, rcond=None)[0], 1e-9)
    same(linalg.lstsq(a, b, rcond=1e-3), np.linalg.lstsq(a, b, rcond=1e-3)[0], 1e-9)


def test_matrix_rank_pinv(keras):
    a = rng.standard_normal((5, 2)) @ rng.standard_normal((2, 4))
    for tol in (None, 1e-3):
        r = linalg.matrix_rank(a, tol=tol)
        same(r, keras.ops.linalg.matrix_rank(a, tol=tol))
        assert int(np_(r)) == np.linalg.matrix_rank(a, tol=tol) == 2
    batch = rng.standard_normal((3, 4, 5)).astype("float32")
    same(linalg.matrix_rank(batch), keras.ops.linalg.matrix_rank(batch))
    for rcond in (None, 1e-2):
        same(linalg.pinv(a, rcond=rcond), keras.ops.linalg.pinv(a, rcond=rcond), 1e-9)
    same(linalg.pinv(a), np.linalg.pinv(a), 1e-8)
    same(linalg.pinv(batch), np.linalg.pinv(batch), 1e-4)


@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("rhs", [(4,), (4, 3), (2, 4, 3)])
def test_solve_triangular(keras, lower, rhs):
    scipy_linalg = pytest.importorskip("scipy.linalg")
    a = rng.standard_normal((4, 4)) + 4 * np.eye(4)
    a = np.tril(a) if lower else np.triu(a)
    b = rng.standard_normal(rhs)
    if len(rhs) == 3:
        a = np.broadcast_to(a, (2, 4, 4)).copy()
    got = linalg.solve_triangular(a, b, lower=lower)
    same(got, keras.ops.linalg.solve_triangular(a, b, lower=lower), 1e-10)
    if len(rhs) < 3:
        same(got, scipy_linalg.solve_triangular(a, b, lower=lower), 1e-10)


def test_jvp(keras):
    def fun(x, y):
        return ops.sin(x) * y

    x = rng.standard_normal(5).astype("float32")
    y = rng.standard_normal(5).astype("float32")
    tx, ty = np.ones(5, "float32"), np.zeros(5, "float32")
    out, tan = linalg.jvp(fun, (x, y), (tx, ty))
    same(out, np.sin(x) * y, 1e-6)
    same(tan, np.cos(x) * y, 1e-6)
    kt = keras.ops.convert_to_tensor  # Keras's jvp takes tensors only
    kout, ktan = keras.ops.linalg.jvp(
        lambda a, b: keras.ops.sin(a) * b, (kt(x), kt(y)), (kt(tx), kt(ty))
    )
    same([out, tan], [kout, ktan], 1e-6)

    def with_aux(x):
        return ops.square(x), ops.sum(x)

    out, tan, aux = ops.jvp(with_aux, (x,), (tx,), has_aux=True)
    same(tan, 2 * x, 1e-6)
    same(aux, np.sum(x), 1e-5)
    with pytest.raises(ValueError, match="jvp.*same length"):
        ops.jvp(fun, (x, y), (tx,))


def test_bad_input_messages():
    with pytest.raises(ValueError, match="inv.*square.*\\(2, 3\\)"):
        linalg.inv(np.ones((2, 3)))
    with pytest.raises(ValueError, match="det.*rank >= 2"):
        linalg.det(np.ones(3))
    with pytest.raises(ValueError, match="lstsq.*rows"):
        linalg.lstsq(np.ones((4, 2)), np.ones(3))


def test_float16_is_computed_in_float32():
    a = spd((), dtype="float16")
    got = linalg.inv(a)
    assert ops.dtype(got) == "float16"
    same(got, np.linalg.inv(a.astype("float32")).astype("float16"), 1e-2)


def test_symbolic_shapes():
    x = cornu.Input((4, 4))
    assert linalg.inv(x).shape == (None, 4, 4)
    assert linalg.det(x).shape == (None,)
    w, v = linalg.eigh(x)
    assert w.shape == (None, 4) and v.shape == (None, 4, 4)
    u, s, vh = linalg.svd(cornu.Input((5, 3)), full_matrices=False)
    assert (u.shape, s.shape, vh.shape) == ((None, 5, 3), (None, 3), (None, 3, 3))
    q, r = linalg.qr(cornu.Input((5, 3)))
    assert q.shape == (None, 5, 3) and r.shape == (None, 3, 3)
    assert linalg.solve(x, cornu.Input((4, 2))).shape == (None, 4, 2)
    assert linalg.cholesky(x).shape == (None, 4, 4)
    m = linalg.matrix_rank(x)
    assert m.shape == (None,) and m.dtype == "int32"
    assert linalg.lstsq(cornu.Input((5, 3)), cornu.Input((5, 2))).shape == (None, 3, 2)
    w, _ = linalg.eig(x)
    assert w.shape == (None, 4) and w.dtype == "complex64"
