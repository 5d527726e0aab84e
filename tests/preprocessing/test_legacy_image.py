"""preprocessing.image against Keras's legacy ImageDataGenerator and image utilities."""

import os

import numpy as np
import pytest

from cornu.preprocessing import image

pytest.importorskip("PIL")
pytest.importorskip("scipy")

TRANSFORMS = [
    {"rotation_range": 40},
    {"width_shift_range": 0.2, "height_shift_range": 0.3},
    {"width_shift_range": 3, "height_shift_range": [1, 2]},
    {"shear_range": 25, "fill_mode": "constant", "cval": 7.0},
    {"zoom_range": 0.3, "fill_mode": "reflect"},
    {"zoom_range": [0.5, 0.9], "fill_mode": "wrap"},
    {"horizontal_flip": True, "vertical_flip": True},
    {"brightness_range": (0.5, 1.5)},
    {"channel_shift_range": 30.0},
    {"rescale": 1 / 255.0, "samplewise_center": True, "samplewise_std_normalization": True},
    {"preprocessing_function": lambda x: x[::-1] * 1.0},
    {"rotation_range": 20, "width_shift_range": 0.1, "shear_range": 10, "zoom_range": 0.2,
     "horizontal_flip": True, "interpolation_order": 0},
]


@pytest.fixture
def kimage(keras):
    from keras.src.legacy.preprocessing import image as kimage

    return kimage


def _images(n=6, size=(12, 10), channels=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n,) + size + (channels,)).astype("float32")


@pytest.mark.parametrize("kwargs", TRANSFORMS)
def test_flow_matches_keras_for_the_same_seed(kimage, kwargs):
    x, y = _images(), np.arange(6)
    ours = image.ImageDataGenerator(**kwargs).flow(x, y, batch_size=4, seed=3)
    theirs = kimage.ImageDataGenerator(**kwargs).flow(x, y, batch_size=4, seed=3)
    for i in range(len(ours)):
        (ox, oy), (tx, ty) = ours[i], theirs[i]
        np.testing.assert_allclose(ox, tx, rtol=1e-5, atol=1e-4)
        np.testing.assert_array_equal(oy, ty)
    # Keras 2's generator style: next() walks the batches forever.
    ox, _ = next(ours)
    tx, _ = next(theirs)
    np.testing.assert_allclose(ox, tx, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("data_format", ["channels_first", "channels_last"])
def test_random_transform_and_data_format(kimage, data_format):
    kwargs = {"rotation_range": 30, "zoom_range": 0.2, "horizontal_flip": True,
              "data_format": data_format}
    img = _images(1)[0]
    if data_format == "channels_first":
        img = img.transpose(2, 0, 1)
    ours = image.ImageDataGenerator(**kwargs).random_transform(img, seed=5)
    theirs = kimage.ImageDataGenerator(**kwargs).random_transform(img, seed=5)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-4)


@pytest.mark.filterwarnings("ignore:This ImageDataGenerator specifies")
@pytest.mark.parametrize("kwargs", [
    {"featurewise_center": True, "featurewise_std_normalization": True},
    {"zca_whitening": True, "zca_epsilon": 1e-3},
])
def test_fit_statistics_match_keras(kimage, kwargs):
    x = _images(8, size=(5, 4))
    theirs = kimage.ImageDataGenerator(**kwargs)
    if "zca_whitening" in kwargs:
        with pytest.warns(UserWarning, match="turns `featurewise_center` on"):
            ours = image.ImageDataGenerator(**kwargs)
    else:
        ours = image.ImageDataGenerator(**kwargs)
    ours.fit(x, augment=True, rounds=2, seed=1)
    theirs.fit(x, augment=True, rounds=2, seed=1)
    for name in ("mean", "std", "zca_whitening_matrix"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ours.standardize(x.copy()), theirs.standardize(x.copy()),
                               rtol=1e-4, atol=1e-3)


def test_flow_subsets_sample_weight_and_extra_inputs(kimage):
    x, y = _images(10), np.tile([0, 1], 5)
    sw = np.linspace(0.1, 1.0, 10)
    kwargs = {"validation_split": 0.3}
    for subset in ("training", "validation"):
        ours = image.ImageDataGenerator(**kwargs).flow(x, y, sample_weight=sw, subset=subset,
                                                       shuffle=False, batch_size=3)
        theirs = kimage.ImageDataGenerator(**kwargs).flow(x, y, sample_weight=sw,
                                                          subset=subset, shuffle=False,
                                                          batch_size=3)
        assert len(ours) == len(theirs)
        for a, b in zip(ours[0], theirs[0]):
            np.testing.assert_allclose(a, b)
    extra = np.arange(10.0).reshape(10, 1)
    batch_x, _ = image.ImageDataGenerator().flow((x, extra), y, shuffle=False, batch_size=4)[1]
    assert isinstance(batch_x, list) and batch_x[1].ravel().tolist() == [4.0, 5.0, 6.0, 7.0]
    with pytest.raises(ValueError, match="different classes after the split"):
        image.ImageDataGenerator(validation_split=0.5).flow(x, np.repeat([0, 1], 5),
                                                            subset="training")


def _write_tree(root, kimage, sizes=((9, 7), (6, 11))):
    rng = np.random.default_rng(0)
    paths = []
    for cls, count in (("cats", 3), ("dogs", 2)):
        os.makedirs(os.path.join(root, cls, "nested"), exist_ok=True)
        for i in range(count):
            h, w = sizes[i % 2]
            sub = "nested" if i == 2 else ""
            path = os.path.join(root, cls, sub, f"{cls}{i}.png")
            image.save_img(path, rng.integers(0, 256, (h, w, 3)).astype("float32"))
            paths.append((os.path.relpath(path, root), cls))
    with open(os.path.join(root, "cats", "notes.txt"), "w") as f:
        f.write("not an image")
    return paths


@pytest.mark.parametrize("class_mode", ["categorical", "binary", "sparse", "input", None])
def test_flow_from_directory_matches_keras(kimage, tmp_path, capsys, class_mode):
    _write_tree(str(tmp_path), kimage)
    kwargs = {"rotation_range": 15, "horizontal_flip": True}
    flow = {"target_size": (8, 6), "class_mode": class_mode, "batch_size": 2, "seed": 4}
    ours = image.ImageDataGenerator(**kwargs).flow_from_directory(str(tmp_path), **flow)
    ours_out = capsys.readouterr().out
    theirs = kimage.ImageDataGenerator(**kwargs).flow_from_directory(str(tmp_path), **flow)
    assert ours_out.strip() == "Found 5 images belonging to 2 classes."
    assert ours.filenames == theirs.filenames
    assert ours.class_indices == theirs.class_indices
    np.testing.assert_array_equal(ours.classes, theirs.classes)
    for i in range(len(ours)):
        a, b = ours[i], theirs[i]
        a, b = (a, b) if isinstance(a, tuple) else ((a,), (b,))
        for u, v in zip(a, b):
            np.testing.assert_allclose(u, v, rtol=1e-5, atol=1e-4)


def test_flow_from_directory_options(kimage, tmp_path):
    _write_tree(str(tmp_path), kimage)
    gen = image.ImageDataGenerator(validation_split=0.5)
    for subset in ("training", "validation"):
        ours = gen.flow_from_directory(str(tmp_path), target_size=(5, 5), subset=subset,
                                       color_mode="grayscale", shuffle=False,
                                       keep_aspect_ratio=True, interpolation="bilinear")
        theirs = kimage.ImageDataGenerator(validation_split=0.5).flow_from_directory(
            str(tmp_path), target_size=(5, 5), subset=subset, color_mode="grayscale",
            shuffle=False, keep_aspect_ratio=True, interpolation="bilinear")
        assert ours.filenames == theirs.filenames
        np.testing.assert_allclose(ours[0][0], theirs[0][0])
        assert ours[0][0].shape[-1] == 1
    with pytest.raises(ValueError, match="`color_mode` must be"):
        gen.flow_from_directory(str(tmp_path), color_mode="cmyk")
    with pytest.raises(FileNotFoundError, match="no directory"):
        gen.flow_from_directory(str(tmp_path / "missing"))


@pytest.mark.filterwarnings("ignore:Found 1 invalid image filename")
def test_flow_from_dataframe_matches_keras(kimage, tmp_path):
    pd = pytest.importorskip("pandas")
    paths = _write_tree(str(tmp_path), kimage)
    df = pd.DataFrame({"filename": [p for p, _ in paths] + ["missing.png"],
                       "class": [c for _, c in paths] + ["cats"],
                       "score": np.arange(6.0), "weight": np.linspace(1, 2, 6)})
    for flow in ({"class_mode": "categorical", "weight_col": "weight"},
                 {"class_mode": "binary"},
                 {"class_mode": "raw", "y_col": "score"},
                 {"class_mode": "multi_output", "y_col": ["score", "weight"]},
                 {"class_mode": "sparse", "classes": ["dogs", "cats"]}):
        kwargs = dict(directory=str(tmp_path), target_size=(6, 6), batch_size=2,
                      shuffle=False, **flow)
        with pytest.warns(UserWarning, match="1 file name"):
            ours = image.ImageDataGenerator().flow_from_dataframe(df, **kwargs)
        theirs = kimage.ImageDataGenerator().flow_from_dataframe(df, **kwargs)
        assert ours.filenames == theirs.filenames
        for a, b in zip(ours[1], theirs[1]):
            for u, v in zip(a if isinstance(a, list) else [a], b if isinstance(b, list) else [b]):
                np.testing.assert_allclose(u, v)
    with pytest.raises(ValueError, match="exactly 2 classes"):
        image.ImageDataGenerator().flow_from_dataframe(
            df.assign(**{"class": ["a", "b", "c", "a", "b", "c"]}), directory=str(tmp_path),
            class_mode="binary")


def test_image_io_matches_keras(keras, tmp_path):
    rng = np.random.default_rng(0)
    arr = rng.random((7, 9, 3)).astype("float32") * 300 - 20
    ours_img, theirs_img = image.array_to_img(arr), keras.utils.array_to_img(arr)
    np.testing.assert_array_equal(np.asarray(ours_img), np.asarray(theirs_img))
    np.testing.assert_array_equal(image.img_to_array(ours_img, data_format="channels_first"),
                                  keras.utils.img_to_array(theirs_img,
                                                           data_format="channels_first"))
    grey = (rng.random((4, 5, 1)) * 1000).astype("float32")
    np.testing.assert_array_equal(np.asarray(image.array_to_img(grey, scale=False)),
                                  np.asarray(keras.utils.array_to_img(grey, scale=False)))
    path = str(tmp_path / "x.jpg")
    with pytest.warns(UserWarning, match="JPEG has no alpha"):
        image.save_img(path, rng.random((16, 20, 4)))
    for kwargs in ({}, {"color_mode": "grayscale", "target_size": (8, 6)},
                   {"color_mode": "rgba", "target_size": (5, 9), "interpolation": "bicubic",
                    "keep_aspect_ratio": True}):
        a = image.img_to_array(image.load_img(path, **kwargs))
        b = keras.utils.img_to_array(keras.utils.load_img(path, **kwargs))
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="1, 3 or 4 channels"):
        image.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="unknown interpolation"):
        image.load_img(path, target_size=(3, 3), interpolation="cubic")


def test_affine_helpers_match_keras(kimage):
    img = _images(1, channels=3)[0].transpose(2, 0, 1)
    for kwargs in ({"theta": 30}, {"tx": 2, "ty": -3}, {"shear": 20, "zx": 0.8, "zy": 1.2}):
        np.testing.assert_allclose(image.apply_affine_transform(img, **kwargs),
                                   kimage.apply_affine_transform(img, **kwargs), atol=1e-4)
    for name, args in (("random_rotation", (45,)), ("random_shift", (0.2, 0.1)),
                       ("random_shear", (30,)), ("random_zoom", ((0.7, 1.2),)),
                       ("random_channel_shift", (20.0,))):
        np.random.seed(0)
        ours = getattr(image, name)(img, *args)
        np.random.seed(0)
        theirs = getattr(kimage, name)(img, *args)
        np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_image_data_generator_trains_a_model():
    import cornu

    x = _images(16, size=(8, 8), channels=1) / 255.0
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype("float32")
    gen = image.ImageDataGenerator(rotation_range=10, horizontal_flip=True)
    model = cornu.Sequential([cornu.Input((8, 8, 1)), cornu.layers.Flatten(),
                              cornu.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    history = model.fit(gen.flow(x, y, batch_size=4, seed=0), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
