"""Convolution and pooling engine ops: NumPy reference math, finite-difference gradients,
channels_last memory format, and Keras 3 agreement."""

import itertools

import numpy as np
import pytest
import torch

from cornu import ops

RNG = np.random.default_rng(0)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _same_start(n, k, s):
    out = -(-n // s)
    return max((out - 1) * s + k - n, 0) // 2, out


def reference_conv(x, kernel, strides, padding, dilation, groups=1):
    """Direct-sum N-D convolution, channels_last, Keras kernel layout."""
    rank = x.ndim - 2
    spatial = x.shape[1:-1]
    ksize = kernel.shape[:rank]
    eff = [(k - 1) * d + 1 for k, d in zip(ksize, dilation)]
    starts, outs = [], []
    for n, e, s in zip(spatial, eff, strides):
        if padding == "valid":
            starts.append(0)
            outs.append((n - e) // s + 1)
        elif padding == "causal":
            starts.append(-(e - 1))
            outs.append(n)
        else:
            before, out = _same_start(n, e, s)
            starts.append(-before)
            outs.append(out)
    cin = x.shape[-1]
    per_group = cin // groups
    filters = kernel.shape[-1]
    per_out = filters // groups
    y = np.zeros((x.shape[0], *outs, filters))
    for idx in itertools.product(*[range(o) for o in outs]):
        for tap in itertools.product(*[range(k) for k in ksize]):
            pos = [st + i * s + t * d for st, i, s, t, d in
                   zip(starts, idx, strides, tap, dilation)]
            if any(p < 0 or p >= n for p, n in zip(pos, spatial)):
                continue
            xv = x[(slice(None), *pos)]
            for g in range(groups):
                w = kernel[(*tap, slice(None), slice(g * per_out, (g + 1) * per_out))]
                y[(slice(None), *idx, slice(g * per_out, (g + 1) * per_out))] += (
                    xv[:, g * per_group:(g + 1) * per_group] @ w)
    return y


def reference_pool(x, pool, strides, padding, reduce):
    """Keras/TF pooling on channels_last data: "same" windows use only real elements."""
    spatial = x.shape[1:-1]
    starts, outs = [], []
    for n, k, s in zip(spatial, pool, strides):
        if padding == "valid":
            starts.append(0)
            outs.append((n - k) // s + 1)
        else:
            before, out = _same_start(n, k, s)
            starts.append(-before)
            outs.append(out)
    y = np.zeros((x.shape[0], *outs, x.shape[-1]))
    for idx in itertools.product(*[range(o) for o in outs]):
        window = tuple(slice(max(st + i * s, 0), min(st + i * s + k, n))
                       for st, i, s, k, n in zip(starts, idx, strides, pool, spatial))
        block = x[(slice(None), *window)].reshape(x.shape[0], -1, x.shape[-1])
        y[(slice(None), *idx)] = reduce(block, axis=1)
    return y


@pytest.mark.parametrize("rank,k,s,d,padding,groups", [
    (1, 3, 1, 1, "valid", 1), (1, 4, 2, 1, "same", 1), (1, 3, 1, 2, "causal", 1),
    (2, 3, 1, 1, "same", 1), (2, 2, 1, 1, "same", 2), (2, 4, 3, 1, "same", 1),
    (2, 3, 1, 2, "valid", 4), (3, 2, 2, 1, "same", 1),
])
def test_conv_matches_direct_sum(rank, k, s, d, padding, groups):
    x = RNG.standard_normal((2, *(7, 6, 5)[:rank], 4)).astype("float32")
    kernel = RNG.standard_normal((*(k,) * rank, 4 // groups, 4)).astype("float32")
    got = _np(ops.conv(x, kernel, s, padding, "channels_last", d))
    want = reference_conv(x.astype("float64"), kernel.astype("float64"), (s,) * rank, padding,
                          (d,) * rank, groups)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    # channels_first gives the transposed result
    x_cf = np.moveaxis(x, -1, 1)
    got_cf = _np(ops.conv(x_cf, kernel, s, padding, "channels_first", d))
    np.testing.assert_allclose(np.moveaxis(got_cf, 1, -1), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("pool,strides,padding", [
    (2, None, "valid"), (3, 2, "same"), (4, 1, "same"), (2, 3, "same"), (3, 3, "valid"),
])
def test_pooling_matches_reference(rank, pool, strides, padding):
    x = RNG.standard_normal((2, *(9, 8, 7)[:rank], 3)).astype("float32")
    s = pool if strides is None else strides
    for op, reduce in ((ops.max_pool, np.max), (ops.average_pool, np.mean)):
        got = _np(op(x, pool, strides, padding, "channels_last"))
        want = reference_pool(x.astype("float64"), (pool,) * rank, (s,) * rank, padding, reduce)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_symbolic_tracing_does_not_poison_the_average_pool_cache():
    import cornu

    traced = ops.average_pool(cornu.Input(shape=(7, 9, 3)), 4, 1, "same")
    assert traced.shape == (None, 7, 9, 3)
    x = RNG.standard_normal((2, 7, 9, 3)).astype("float32")
    got = ops.average_pool(x, 4, 1, "same")
    assert type(got) is torch.Tensor
    want = reference_pool(x.astype("float64"), (4, 4), (1, 1), "same", np.mean)
    np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-6)


def test_depthwise_and_separable_match_grouped_conv():
    x = RNG.standard_normal((2, 7, 6, 3)).astype("float32")
    dw = RNG.standard_normal((3, 3, 3, 2)).astype("float32")
    pw = RNG.standard_normal((1, 1, 6, 5)).astype("float32")
    # depthwise == grouped conv with (kh, kw, 1, C * M), channel c * M + m
    grouped = dw.reshape(3, 3, 1, 6)
    want = reference_conv(x.astype("float64"), grouped.astype("float64"), (1, 1), "same",
                          (1, 1), groups=3)
    got = _np(ops.depthwise_conv(x, dw, 1, "same", "channels_last"))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    sep = _np(ops.separable_conv(x, dw, pw, 1, "same", "channels_last"))
    np.testing.assert_allclose(sep, want @ pw[0, 0].astype("float64"), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("k,s,d,padding,out_pad", [
    (3, 2, 1, "same", None), (3, 2, 1, "valid", None), (4, 2, 1, "same", None),
    (1, 3, 1, "valid", None), (2, 3, 1, "valid", None), (5, 3, 1, "same", None),
    (3, 1, 2, "same", None), (3, 1, 2, "valid", None), (3, 2, 1, "same", 1),
    (3, 1, 1, "same", 0),
])
def test_conv_transpose_is_the_adjoint_of_conv(k, s, d, padding, out_pad):
    """<conv(y), x> == <y, conv_transpose(x)> for every y of the transposed output size."""
    x = torch.tensor(RNG.standard_normal((2, 5, 3)))
    kernel = torch.tensor(RNG.standard_normal((k, 4, 3)))
    t = ops.conv_transpose(x, kernel, s, padding, out_pad, "channels_last", d)
    y = torch.tensor(RNG.standard_normal(tuple(t.shape)))
    forward = ops.conv(y, kernel, s, padding, "channels_last", d)
    assert forward.shape == x.shape
    np.testing.assert_allclose(float((forward * x).sum()), float((y * t).sum()), rtol=1e-10)


def test_channels_last_runs_without_copies():
    x = torch.randn(2, 8, 8, 3)
    kernel = torch.randn(3, 3, 3, 4)
    y = ops.conv(x, kernel, 1, "same", "channels_last")
    assert y.shape == (2, 8, 8, 4) and y.is_contiguous()
    assert y.movedim(-1, 1).is_contiguous(memory_format=torch.channels_last)
    pooled = ops.max_pool(y, 2, None, "valid", "channels_last")
    assert pooled.is_contiguous()
    x3 = torch.randn(2, 4, 4, 4, 3)
    y3 = ops.conv(x3, torch.randn(2, 2, 2, 3, 5), 1, "same", "channels_last")
    assert y3.movedim(-1, 1).is_contiguous(memory_format=torch.channels_last_3d)
    yt = ops.conv_transpose(x, torch.randn(3, 3, 4, 3), 2, "valid", None, "channels_last")
    assert yt.movedim(-1, 1).is_contiguous(memory_format=torch.channels_last)


@pytest.mark.parametrize("fn,args", [
    ("conv", dict(strides=2, padding="same")),
    ("conv", dict(strides=1, padding="causal", dilation_rate=2)),
    ("depthwise_conv", dict(strides=1, padding="same")),
    ("conv_transpose", dict(strides=2, padding="same")),
    ("average_pool", dict(pool_size=3, strides=2, padding="same")),
    ("max_pool", dict(pool_size=2, strides=1, padding="same")),
])
def test_gradients_match_finite_differences(fn, args):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 7, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    op = getattr(ops, fn)
    if fn.endswith("pool"):
        assert torch.autograd.gradcheck(lambda a: op(a, data_format="channels_last", **args),
                                        (x,))
        return
    shape = {"conv": (3, 3, 4), "depthwise_conv": (3, 3, 2), "conv_transpose": (3, 4, 3)}[fn]
    kernel = torch.randn(*shape, dtype=torch.float64, generator=gen, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda a, k: op(a, k, data_format="channels_last", **args), (x, kernel))


def test_upsample_nearest_is_repeat_and_bilinear_matches_half_pixel():
    x = RNG.standard_normal((2, 3, 4, 2)).astype("float32")
    got = _np(ops.upsample(x, (2, 3), "nearest", "channels_last"))
    np.testing.assert_array_equal(got, x.repeat(2, axis=1).repeat(3, axis=2))
    bil = _np(ops.upsample(x, (2, 2), "bilinear", "channels_last"))
    # half-pixel centers: output row i samples input row (i + 0.5) / 2 - 0.5, clamped
    src = np.clip((np.arange(6) + 0.5) / 2 - 0.5, 0, 2)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, 2)
    frac = (src - lo)[None, :, None, None]
    rows = x[:, lo] * (1 - frac) + x[:, hi] * frac
    np.testing.assert_allclose(bil[:, :, 0], rows[:, :, 0], rtol=1e-5, atol=1e-6)
    ints = np.arange(6).reshape(1, 3, 2, 1)
    assert _np(ops.upsample(ints, 2, "nearest", "channels_last")).dtype.kind == "i"


def test_bad_arguments_say_what_is_wrong():
    x = np.zeros((1, 5, 5, 3), "float32")
    with pytest.raises(ValueError, match="padding"):
        ops.conv(x, np.zeros((3, 3, 3, 2), "float32"), padding="full")
    with pytest.raises(ValueError, match="input channels"):
        ops.conv(x, np.zeros((3, 3, 2, 2), "float32"))
    with pytest.raises(ValueError, match="strides"):
        ops.max_pool(x, 2, strides=(1, 2, 3))
    with pytest.raises(ValueError, match="interpolation"):
        ops.upsample(x, 2, "lanczos7")


def test_ops_agree_with_keras(keras):
    cases = 0
    for rank, k, s, padding, fmt in itertools.product(
            (1, 2), (2, 3), (1, 2), ("valid", "same"), ("channels_last", "channels_first")):
        shape = (2, *(7, 6)[:rank], 4) if fmt == "channels_last" else (2, 4, *(7, 6)[:rank])
        x = RNG.standard_normal(shape).astype("float32")
        w = RNG.standard_normal((*(k,) * rank, 4, 3)).astype("float32")
        wt = RNG.standard_normal((*(k,) * rank, 3, 4)).astype("float32")
        pairs = [
            (ops.conv(x, w, s, padding, fmt), keras.ops.conv(x, w, s, padding, fmt)),
            (ops.conv_transpose(x, wt, s, padding, None, fmt),
             keras.ops.conv_transpose(x, wt, s, padding, None, fmt)),
            (ops.max_pool(x, k, s, padding, fmt), keras.ops.max_pool(x, k, s, padding, fmt)),
        ]
        for got, want in pairs:
            np.testing.assert_allclose(_np(got), keras.ops.convert_to_numpy(want),
                                       rtol=1e-5, atol=1e-5)
            cases += 1
    assert cases == 96


def test_conv_transpose_sweep_agrees_with_keras(keras):
    """Every kernel/stride/dilation/padding/output_padding mix, 1-D and 2-D: this covers
    both torch fast paths (padding + output_padding) and the crop/zero-pad fallback."""
    checked = 0
    for rank, k, s, d, padding, out_pad in itertools.product(
            (1, 2), (1, 2, 3, 4), (1, 2, 3), (1, 2), ("valid", "same"), (None, 0, 1, 2)):
        if (s > 1 and d > 1) or (out_pad is not None and out_pad >= s):
            continue
        x = RNG.standard_normal((1, *(5, 4)[:rank], 2)).astype("float32")
        w = RNG.standard_normal((*(k,) * rank, 3, 2)).astype("float32")
        want = keras.ops.convert_to_numpy(
            keras.ops.conv_transpose(x, w, s, padding, out_pad, "channels_last", d))
        got = _np(ops.conv_transpose(x, w, s, padding, out_pad, "channels_last", d))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        checked += 1
    assert checked > 100
