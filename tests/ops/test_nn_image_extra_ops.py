"""The Keras 3.15 nn ops (ctc_decode, depth/space, fold/unfold, psnr, polar) and image ops
(crops, pads, patches, map_coordinates, scale_and_translate, sobel, ssim, elastic) against
Keras 3 on torch."""

import numpy as np
import pytest

import cornu
from cornu import ops

rng = np.random.default_rng(0)


@pytest.fixture
def K(keras):
    return keras.ops


def same(got, want, tol=1e-5):
    import keras

    if isinstance(want, (tuple, list)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, tol)
        return
    g = np.asarray(ops.convert_to_numpy(got))
    w = np.asarray(keras.ops.convert_to_numpy(want))
    assert g.shape == w.shape, (g.shape, w.shape)
    assert g.dtype == w.dtype, (g.dtype, w.dtype)
    np.testing.assert_allclose(g, w, rtol=tol, atol=tol)


X4 = rng.standard_normal((2, 4, 6, 8)).astype("float32")


# --- nn ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_depth_to_space_and_back_match_keras(K, data_format, dtype):
    x = (X4 * 10).astype(dtype)
    same(ops.depth_to_space(x, 2, data_format=data_format),
         K.depth_to_space(x, 2, data_format=data_format))
    same(ops.space_to_depth(x, 2, data_format=data_format),
         K.space_to_depth(x, 2, data_format=data_format))
    back = ops.space_to_depth(ops.depth_to_space(x, 2, data_format=data_format), 2,
                              data_format=data_format)
    np.testing.assert_array_equal(ops.convert_to_numpy(back), x)
    with pytest.raises(ValueError, match="depth_to_space"):
        ops.depth_to_space(x, 3, data_format=data_format)
    with pytest.raises(ValueError, match="data_format"):
        ops.space_to_depth(x, 2, data_format="nhwc")


@pytest.mark.parametrize("kw", [dict(kernel_size=3), dict(kernel_size=(2, 3), stride=2),
                                dict(kernel_size=3, padding=1, dilation=2)])
def test_unfold_fold_match_keras(K, kw):
    kx = K.convert_to_tensor(X4)
    u = ops.unfold(X4, **kw)
    same(u, K.unfold(kx, **kw))
    same(ops.fold(u, (6, 8), **kw), K.fold(K.convert_to_tensor(ops.convert_to_numpy(u)),
                                           (6, 8), **kw))


def test_psnr_and_polar_match_keras(K):
    a, b = K.convert_to_tensor(X4), K.convert_to_tensor(X4 * 0.9 + 0.05)
    same(ops.psnr(X4, X4 * 0.9 + 0.05, 1.0), K.psnr(a, b, 1.0))
    same(ops.psnr(X4.astype("float64"), X4.astype("float64") + 0.1, 2.0),
         K.psnr(K.convert_to_tensor(X4.astype("float64")),
                K.convert_to_tensor(X4.astype("float64") + 0.1), 2.0))
    with pytest.raises(ValueError, match="psnr"):
        ops.psnr(X4, X4[0], 1.0)
    r, t = np.array([1.0, 2.0, 0.5]), np.array([0.0, 1.0, -2.0])
    same(ops.polar(r, t), K.polar(r, t))


@pytest.mark.parametrize("mask_index", [0, 4])
def test_ctc_decode_matches_keras(K, mask_index):
    logits = rng.standard_normal((3, 9, 5)).astype("float32")
    lengths = np.array([9, 6, 3])
    for merge in (True, False):
        same(ops.ctc_decode(logits, lengths, mask_index=mask_index, merge_repeated=merge),
             K.ctc_decode(logits, lengths, mask_index=mask_index, merge_repeated=merge))
    for width, top in ((10, 3), (4, 1)):
        same(ops.ctc_decode(logits, lengths, strategy="beam_search", beam_width=width,
                            top_paths=top, mask_index=mask_index),
             K.ctc_decode(logits, lengths, strategy="beam_search", beam_width=width,
                          top_paths=top, mask_index=mask_index), tol=1e-4)
    with pytest.raises(ValueError, match="strategy"):
        ops.ctc_decode(logits, lengths, strategy="best")


def test_ctc_beam_search_reference():
    # Two frames; P("a") sums the alignments "a a", "a -", "- a".
    p = np.array([[[0.4, 0.6], [0.5, 0.5]]], "float64")  # classes: blank, a
    paths, scores = ops.ctc_decode(np.log(p), [2], strategy="beam_search", beam_width=4,
                                   top_paths=2)
    paths = ops.convert_to_numpy(paths)
    np.testing.assert_array_equal(paths[:, 0], [[1, -1], [-1, -1]])
    pa = 0.6 * 0.5 + 0.6 * 0.5 + 0.4 * 0.5
    np.testing.assert_allclose(np.exp(ops.convert_to_numpy(scores)[0]), [pa, 0.2], rtol=1e-6)


# --- image ------------------------------------------------------------------------------------

IMG = rng.standard_normal((2, 9, 10, 3)).astype("float32")


def test_pad_and_crop_images_match_keras(K):
    I = K.image  # noqa: E741
    same(ops.image.pad_images(IMG, 1, 2, target_height=12, target_width=15),
         I.pad_images(IMG, 1, 2, target_height=12, target_width=15))
    same(ops.image.pad_images(IMG[0], 1, 2, bottom_padding=3, right_padding=0,
                              data_format="channels_first"),
         I.pad_images(IMG[0], 1, 2, bottom_padding=3, right_padding=0,
                      data_format="channels_first"))
    same(ops.image.crop_images(IMG, 1, 2, target_height=5, target_width=6),
         I.crop_images(IMG, 1, 2, target_height=5, target_width=6))
    same(ops.image.crop_images(IMG, bottom_cropping=1, right_cropping=2, target_height=5,
                               target_width=6),
         I.crop_images(IMG, bottom_cropping=1, right_cropping=2, target_height=5,
                       target_width=6))
    with pytest.raises(ValueError, match="exactly two"):
        ops.image.pad_images(IMG, 1, 2, 3, target_height=20, target_width=20)
    with pytest.raises(ValueError, match="crop_images"):
        ops.image.crop_images(IMG, 5, 0, target_height=8, target_width=10)


@pytest.mark.parametrize("kw", [dict(size=3), dict(size=(2, 3), strides=(1, 2)),
                                dict(size=3, padding="same", strides=2),
                                dict(size=2, dilation_rate=2, strides=1)])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_extract_patches_matches_keras(K, kw, data_format):
    same(ops.image.extract_patches(IMG, data_format=data_format, **kw),
         K.image.extract_patches(K.convert_to_tensor(IMG), data_format=data_format, **kw))


@pytest.mark.parametrize("kw", [dict(size=2), dict(size=(2, 3, 2), strides=(1, 2, 3)),
                                dict(size=3, padding="same", strides=2)])
def test_extract_patches_3d_matches_keras(K, kw):
    v = rng.standard_normal((2, 6, 7, 8, 2)).astype("float32")
    same(ops.image.extract_patches_3d(v, **kw),
         K.image.extract_patches_3d(K.convert_to_tensor(v), **kw))
    same(ops.image.extract_patches(v[0], **kw) if not isinstance(kw["size"], int) else
         ops.image.extract_patches_3d(v[0], **kw),
         K.image.extract_patches_3d(K.convert_to_tensor(v[0]), **kw))


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("fill_mode", ["constant", "nearest", "wrap", "mirror", "reflect"])
def test_map_coordinates_matches_keras(K, order, fill_mode):
    img = rng.standard_normal((5, 6, 4)).astype("float32")
    coords = rng.uniform(-2, 8, (3, 4, 5)).astype("float32")
    same(ops.image.map_coordinates(img, coords, order, fill_mode=fill_mode, fill_value=0.5),
         K.image.map_coordinates(img, coords, order, fill_mode=fill_mode, fill_value=0.5))


def test_map_coordinates_scipy_reference():
    ndimage = pytest.importorskip("scipy.ndimage")
    img = rng.standard_normal((7, 8)).astype("float64")
    coords = rng.uniform(0, 6, (2, 10))
    got = ops.convert_to_numpy(ops.image.map_coordinates(img, coords, 1))
    np.testing.assert_allclose(got, ndimage.map_coordinates(img, coords, order=1), atol=1e-10)


@pytest.mark.parametrize("method", ["linear", "cubic", "lanczos3", "lanczos5"])
@pytest.mark.parametrize("antialias", [True, False])
def test_scale_and_translate_matches_keras(K, method, antialias):
    scale, shift = np.array([0.5, 1.7], "float32"), np.array([0.3, -1.0], "float32")
    same(ops.image.scale_and_translate(IMG, (2, 5, 17, 3), scale, shift, (1, 2), method,
                                       antialias=antialias),
         K.image.scale_and_translate(K.convert_to_tensor(IMG), (2, 5, 17, 3),
                                     K.convert_to_tensor(scale), K.convert_to_tensor(shift),
                                     (1, 2), method, antialias=antialias))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_sobel_and_ssim_match_keras(K, data_format):
    same(ops.image.sobel_edges(IMG, data_format=data_format),
         K.image.sobel_edges(K.convert_to_tensor(IMG), data_format=data_format))
    shape = (2, 16, 13, 3) if data_format == "channels_last" else (2, 3, 16, 13)
    a = rng.standard_normal(shape).astype("float32")
    b = a + 0.1 * rng.standard_normal(a.shape).astype("float32")
    same(ops.image.ssim(a, b, max_val=2.0, data_format=data_format),
         K.image.ssim(a, b, max_val=2.0, data_format=data_format))
    same(ops.image.ssim(a[0], b[0], filter_size=3, data_format=data_format),
         K.image.ssim(a[0], b[0], filter_size=3, data_format=data_format))
    u = rng.uniform(0, 255, (2, 16, 13, 3)).astype("uint8")
    same(ops.image.ssim(u, u[::-1], max_val=255.0), K.image.ssim(u, u[::-1], max_val=255.0))


def test_elastic_transform_properties(K):
    img = rng.standard_normal((2, 16, 13, 3)).astype("float32")
    out = ops.image.elastic_transform(img, seed=3)
    want = K.image.elastic_transform(K.convert_to_tensor(img), seed=3)  # random: shapes only
    assert tuple(out.shape) == tuple(want.shape) and out.dtype == want.dtype
    np.testing.assert_allclose(ops.convert_to_numpy(ops.image.elastic_transform(img, seed=3)),
                               ops.convert_to_numpy(out))
    still = ops.image.elastic_transform(img, alpha=0.0, seed=1)
    np.testing.assert_allclose(ops.convert_to_numpy(still), img, atol=1e-5)
    u8 = ops.image.elastic_transform((img * 50 + 100).clip(0, 255).astype("uint8"), seed=1)
    assert ops.dtype(u8) == "uint8"
    with pytest.raises(ValueError, match="fill_mode"):
        ops.image.elastic_transform(img, fill_mode="edge")


# --- symbolic ---------------------------------------------------------------------------------


def test_symbolic_shapes_match_keras(keras):
    x, kx = cornu.Input((8, 10, 4)), keras.Input((8, 10, 4))
    cases = [
        lambda o, t: o.depth_to_space(t, 2),
        lambda o, t: o.space_to_depth(t, 2),
        lambda o, t: o.image.pad_images(t, 1, 2, 3, 4),
        lambda o, t: o.image.crop_images(t, 1, 2, 3, 4),
        lambda o, t: o.image.extract_patches(t, 3, padding="same"),
        lambda o, t: o.image.sobel_edges(t),
        lambda o, t: o.image.ssim(t, t, filter_size=3),
    ]
    for case in cases:
        got, want = case(ops, x), case(keras.ops, kx)
        assert got.shape == want.shape and got.dtype == want.dtype
    logits, lengths = cornu.Input((7, 5)), cornu.Input((), dtype="int32")
    paths, scores = ops.ctc_decode(logits, lengths)
    assert paths.shape == (1, None, 7) and scores.shape == (None, 1)
    assert paths.dtype == "int32" and scores.dtype == "float32"
