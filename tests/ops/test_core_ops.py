"""cornu.ops core family (control flow, scatters, slice updates, rearrange) against Keras 3."""

import numpy as np
import pytest

import cornu
from cornu import ops

rng = np.random.default_rng(0)


def np_(x):
    if isinstance(x, dict):
        return {k: np_(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return [np_(v) for v in x]
    return np.asarray(ops.convert_to_numpy(x))


def kn(x):
    import keras

    if isinstance(x, dict):
        return {k: kn(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return [kn(v) for v in x]
    return np.asarray(keras.ops.convert_to_numpy(x))


def same(got, want, rtol=1e-5, atol=1e-6):
    got, want = np_(got), kn(want)
    if isinstance(want, dict):
        assert set(got) == set(want)
        for k in want:
            same_arrays(got[k], want[k], rtol, atol)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, rtol, atol) if isinstance(w, (list, dict)) else same_arrays(
                g, w, rtol, atol)
    else:
        same_arrays(got, want, rtol, atol)


def same_arrays(g, w, rtol, atol):
    assert g.shape == w.shape, (g.shape, w.shape)
    assert g.dtype == w.dtype, (g.dtype, w.dtype)
    np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)


@pytest.fixture
def K(keras):
    return keras.ops


# --- scans and loops --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan_matches_keras(K, n, axis, reverse):
    x = rng.standard_normal((n, 3, n)).astype("float32")
    same(ops.associative_scan(lambda a, b: a + b, x, reverse=reverse, axis=axis),
         K.associative_scan(lambda a, b: a + b, x, reverse=reverse, axis=axis), atol=1e-5)


def test_associative_scan_structure_and_reference():
    xs = (np.arange(1.0, 7.0, dtype="float32"), np.arange(6, dtype="int32"))
    prod, csum = ops.associative_scan(lambda a, b: (a[0] * b[0], a[1] + b[1]), xs)
    np.testing.assert_allclose(np_(prod), np.cumprod(xs[0]))
    np.testing.assert_array_equal(np_(csum), np.cumsum(xs[1]))
    m = ops.associative_scan(ops.maximum, np.array([3, 1, 4, 1, 5, 9, 2]), reverse=True)
    np.testing.assert_array_equal(np_(m), [9, 9, 9, 9, 9, 9, 2])


def test_scan_matches_keras(K):
    xs = rng.standard_normal((5, 3)).astype("float32")
    init = np.zeros(3, "float32")

    def f(c, x):
        return c + x, c * 2.0

    for reverse in (False, True):
        same(ops.scan(f, init, xs, reverse=reverse), K.scan(f, init, xs, reverse=reverse))
    # Nested carry and xs, dict outputs.
    g = lambda c, x: ((c[0] + x["a"], c[1] * 2), {"y": x["a"] * x["b"]})  # noqa: E731
    xs2 = {"a": xs, "b": xs + 1}
    init2 = (init, np.ones(3, "float32"))
    same(ops.scan(g, init2, xs2), K.scan(g, init2, xs2))
    # No xs: length only.
    h = lambda c, _: (c + 1.0, c)  # noqa: E731
    same(ops.scan(h, np.float32(0.0), length=4), K.scan(h, np.float32(0.0), length=4))


def test_scan_errors_and_none_outputs():
    with pytest.raises(ValueError, match="length"):
        ops.scan(lambda c, x: (c, x), 0.0)
    with pytest.raises(ValueError, match="unroll"):
        ops.scan(lambda c, x: (c, x), 0.0, np.ones(3), unroll=0)
    with pytest.raises(TypeError, match="callable"):
        ops.scan(3, 0.0, np.ones(3))
    carry, ys = ops.scan(lambda c, x: (c + x, None), np.float32(0), np.arange(4.0, dtype="f4"))
    assert float(carry) == 6.0 and ys is None


def test_map_matches_keras(K):
    xs = rng.standard_normal((4, 2, 3)).astype("float32")
    same(ops.map(lambda x: ops.sum(x, axis=0), xs), K.map(lambda x: K.sum(x, axis=0), xs))
    same(ops.map(lambda x: (x, x * 2), xs), K.map(lambda x: (x, x * 2), xs))
    d = {"a": xs, "b": xs[:, 0]}
    same(ops.map(lambda e: e["a"][0] + e["b"], d), K.map(lambda e: e["a"][0] + e["b"], d))


def test_vectorized_map_matches_keras(K):
    xs = rng.standard_normal((5, 3)).astype("float32")
    kx = K.convert_to_tensor(xs)  # Keras's torch vmap needs tensors
    same(ops.vectorized_map(lambda x: ops.sum(x * x), xs),
         K.vectorized_map(lambda x: K.sum(x * x), kx))
    same(ops.vectorized_map(lambda p: p[0] * p[1], (xs, xs + 1)),
         K.vectorized_map(lambda p: p[0] * p[1], (kx, kx + 1)))
    # A function vmap cannot batch (Python branch on a value) still works, slice by slice.
    out = ops.vectorized_map(lambda x: x * 2 if float(ops.sum(x)) > 0 else -x, xs)
    want = np.stack([r * 2 if r.sum() > 0 else -r for r in xs])
    np.testing.assert_allclose(np_(out), want, rtol=1e-6)


def test_while_loop_matches_keras(K):
    c = lambda i, v: i < 5  # noqa: E731
    b = lambda i, v: (i + 1, v * 2.0)  # noqa: E731
    init = [0, np.ones(3, "float32")]
    got, want = ops.while_loop(c, b, init), K.while_loop(c, b, init)
    assert isinstance(got, tuple) and isinstance(want, tuple)
    same(got, want)
    same(ops.while_loop(c, b, init, maximum_iterations=2),
         K.while_loop(c, b, init, maximum_iterations=2))
    single = ops.while_loop(lambda x: ops.sum(x) < 10, lambda x: x + 1, np.zeros(2, "f4"))
    same(single, K.while_loop(lambda x: K.sum(x) < 10, lambda x: x + 1, np.zeros(2, "f4")))


def test_fori_loop_cond_switch_match_keras(K):
    body = lambda i, v: v + i * 1.5  # noqa: E731
    same(ops.fori_loop(0, 6, body, np.zeros(2, "f4")), K.fori_loop(0, 6, body, np.zeros(2, "f4")))
    x = np.arange(4.0, dtype="float32")
    for pred in (True, False, np.array(True), np.array(0)):
        same(ops.cond(pred, lambda: x * 2, lambda: x - 1),
             K.cond(pred, lambda: x * 2, lambda: x - 1))
    branches = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b]
    for idx in (-2, 0, 1, 2, 7, np.int32(1)):
        same(ops.switch(idx, branches, x, x + 1), K.switch(idx, branches, x, x + 1))
    with pytest.raises(ValueError, match="branches"):
        ops.switch(0, [], x)
    with pytest.raises(TypeError, match="true_fn"):
        ops.cond(True, 1, lambda: 2)


# --- updates and casts ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "int32", "float64"])
def test_scatter_matches_keras(K, dtype):
    idx = np.array([[0, 1], [2, 3], [0, 1]])
    vals = np.array([1, 2, 3], dtype)
    same(ops.scatter(idx, vals, (3, 4)), K.scatter(idx, vals, (3, 4)))
    vals2 = np.arange(12, dtype=dtype).reshape(3, 4)
    same(ops.scatter([[1], [3], [1]], vals2, (5, 4)), K.scatter([[1], [3], [1]], vals2, (5, 4)))


@pytest.mark.parametrize("reduction", [None, "add", "max", "min", "mul"])
def test_scatter_update_matches_keras(K, reduction):
    x = rng.standard_normal((4, 3, 2)).astype("float32")
    idx = np.array([[1, 2, 0], [3, 0, 1], [0, 0, 0]])
    upd = np.array([5.0, -2.0, 7.0], "float32")
    same(ops.scatter_update(x, idx, upd, reduction=reduction),
         K.scatter_update(x, idx, upd, reduction=reduction))
    idx2 = np.array([[1, 2], [1, 2], [-1, 0]])  # duplicates and a negative index
    upd2 = rng.standard_normal((3, 2)).astype("float32")
    if reduction is not None:
        same(ops.scatter_update(x, idx2, upd2, reduction=reduction),
             K.scatter_update(x, idx2, upd2, reduction=reduction))
    with pytest.raises(ValueError, match="reduction"):
        ops.scatter_update(x, idx, upd, reduction="mean")


def test_slice_update_and_unstack_match_keras(K):
    x = rng.standard_normal((4, 5, 3)).astype("float32")
    u = np.ones((2, 3, 3), "float32")
    same(ops.slice_update(x, [1, 2, 0], u), K.slice_update(x, [1, 2, 0], u))
    same(ops.slice_update(x, np.array([2, 0, 0]), u), K.slice_update(x, np.array([2, 0, 0]), u))
    xi = np.arange(12, dtype="int32").reshape(3, 4)
    same(ops.slice_update(xi, (0, 1), np.zeros((2, 2), "int32")),
         K.slice_update(xi, (0, 1), np.zeros((2, 2), "int32")))
    with pytest.raises(ValueError, match="slice_update"):
        ops.slice_update(x, [0, 0], u)
    for axis in (0, 1, -1):
        same(list(ops.unstack(x, axis=axis)), list(K.unstack(K.convert_to_tensor(x), axis=axis)))
    assert len(ops.unstack(x, num=4)) == 4
    with pytest.raises(ValueError, match="num"):
        ops.unstack(x, num=3)


@pytest.mark.parametrize("src,dst", [("float32", "uint8"), ("int32", "uint8"),
                                     ("float64", "float16"), ("int64", "int8"),
                                     ("float32", "int16"), ("int32", "int8")])
def test_saturate_cast_matches_keras(K, src, dst):
    x = np.array([-1e5, -129, -1, 0, 1.5, 127, 300, 4e4], dtype="float64").astype(src)
    same(ops.saturate_cast(x, dst), K.saturate_cast(x, dst))


def test_saturate_cast_float_to_int32_reference():
    # float32 cannot hold 2**31 - 1: the upper bound steps down to the largest float below.
    x = np.array([-1e10, 3e9, 1.5, np.inf, -np.inf], "float32")
    got = np_(ops.saturate_cast(x, "int32"))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, [-(2**31), 2147483520, 1, 2147483520, -(2**31)])
    # Keras clips int32 with float32 bounds that overflow; values already in range stay.
    same_arrays(np_(ops.saturate_cast(np.array([-7, 0, 2**24], "int32"), "float32")),
                np.array([-7, 0, 2**24], "float32"), 0, 0)


# --- custom_gradient --------------------------------------------------------------------------


def test_custom_gradient_matches_keras(keras):
    import torch

    def make(o):
        @o.custom_gradient
        def log1pexp(x):
            e = o.exp(x)

            def grad(*args, upstream=None):
                if upstream is None:
                    (upstream,) = args
                return o.multiply(upstream, 1.0 - 1.0 / o.add(1, e))

            return o.log(1 + e), grad

        return log1pexp

    for o in (ops, keras.ops):
        x = torch.tensor([0.0, 1.0, 100.0], requires_grad=True)
        y = make(o)(x)
        y.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), [0.5, 0.7310586, 1.0], rtol=1e-6)


def test_custom_gradient_two_inputs_and_plain_grad_fn():
    import torch

    @ops.custom_gradient
    def f(x, y, scale=2.0):
        return x * y * scale, lambda up: (up * 10.0, up * 20.0)

    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(3.0, requires_grad=True)
    out = f(a, b, scale=3.0)
    assert float(out.detach()) == 18.0
    out.backward()
    assert float(a.grad) == 10.0 and float(b.grad) == 20.0


# --- rearrange --------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern,shape,lengths", [
    ("a b c -> c b a", (2, 3, 4), {}),
    ("b h w c -> b (h w) c", (2, 3, 4, 5), {}),
    ("b (h w) c -> b h w c", (2, 12, 5), {"h": 3}),
    ("a b (c d) -> (d a) c b", (2, 3, 4), {"d": 2}),
    ("(a b) c -> c (b a)", (6, 5), {"a": 2, "b": 3}),
])
def test_rearrange_matches_keras(K, pattern, shape, lengths):
    x = np.arange(int(np.prod(shape)), dtype="float32").reshape(shape)
    same(ops.rearrange(x, pattern, **lengths), K.rearrange(x, pattern, **lengths))


def test_rearrange_ellipsis_units_and_errors():
    x = np.arange(120, dtype="float32").reshape(2, 3, 4, 5)
    np.testing.assert_array_equal(np_(ops.rearrange(x, "b ... c -> c b ...")),
                                  np.moveaxis(x, -1, 0))
    np.testing.assert_array_equal(np_(ops.rearrange(x, "b ... -> b (...)")), x.reshape(2, -1))
    y = np.ones((2, 1, 3), "float32")
    assert tuple(ops.rearrange(y, "a 1 b -> b () a").shape) == (3, 1, 2)
    with pytest.raises(ValueError, match="same axes"):
        ops.rearrange(x, "a b c d -> a b c")
    with pytest.raises(ValueError, match="expects 3 axes"):
        ops.rearrange(x, "a b c -> c b a")
    with pytest.raises(ValueError, match="cannot be split"):
        ops.rearrange(x, "a (b c) d e -> a b c d e", b=2)
    with pytest.raises(ValueError, match="pattern"):
        ops.rearrange(x, "a b c d")


# --- symbolic ---------------------------------------------------------------------------------


def test_symbolic_shapes():
    x = cornu.Input((3, 4))
    assert [t.shape for t in ops.unstack(x, axis=1)] == [(None, 4)] * 3
    assert ops.rearrange(x, "b h w -> b (w h)").shape == (None, 12)
    assert ops.saturate_cast(x, "uint8").dtype == "uint8"
    assert ops.slice_update(x, [0, 0, 0], ops.ones((1, 1, 1))).shape == (None, 3, 4)
    assert ops.associative_scan(lambda a, b: a + b, x, axis=1).shape == (None, 3, 4)
    assert ops.map(lambda v: ops.sum(v, axis=0), x).shape == (None, 4)
    assert ops.vectorized_map(lambda v: v * 2, x).shape == (None, 3, 4)
    w = ops.while_loop(lambda a: ops.sum(a) < 10, lambda a: a + 1, x)
    assert w.shape == (None, 3, 4)
    c = ops.cond(ops.sum(x) > 0, lambda: ops.ones((2,)), lambda: ops.zeros((2,)))
    assert c.shape == (2,)
    s = ops.switch(x[0, 0, 0] > 0, [lambda v: v + 1, lambda v: v * 2], ops.ones((3,)))
    assert s.shape == (3,)


def test_symbolic_while_loop_runs_in_a_model():
    x = cornu.Input((3,))
    y = ops.while_loop(lambda a: ops.sum(a) < 20.0, lambda a: a * 2.0, x)
    model = cornu.Model(x, y)
    out = np_(model(np.ones((1, 3), "float32")))
    np.testing.assert_allclose(out, [[8.0, 8.0, 8.0]])


def test_symbolic_shape_changing_branches_are_rejected():
    x = cornu.Input((3,))
    with pytest.raises(ValueError, match="cond"):
        ops.cond(ops.sum(x) > 0, lambda: ops.ones((2,)), lambda: ops.ones((3,)))
    with pytest.raises(ValueError, match="while_loop"):
        ops.while_loop(lambda a: ops.sum(a) < 2, lambda a: ops.concatenate([a, a], 1), x)
