"""image/text dataset_from_directory, timeseries_dataset_from_array, split_dataset.

File order, labels and splits are checked against Keras's own indexing (the part of Keras
that runs without TensorFlow) and NumPy references; every result trains with ``fit``.
"""

import os

import numpy as np
import pytest

import cornu
from cornu import layers
from cornu.utils import (
    image_dataset_from_directory,
    split_dataset,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)


@pytest.fixture
def image_dir(tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    rng = np.random.RandomState(0)
    for name in ["cats", "dogs", "birds"]:
        os.makedirs(tmp_path / name / "nested")
        for i in range(4):
            pixels = rng.randint(0, 256, (6 + i, 8, 3)).astype("uint8")
            folder = tmp_path / name / ("nested" if i == 3 else "")
            image_module.fromarray(pixels).save(folder / f"img{i}.png")
        (tmp_path / name / "notes.txt").write_text("not an image")
    return tmp_path


def test_image_dataset_order_labels_and_keras_indexing(image_dir, keras):
    ref = pytest.importorskip("keras.src.utils.dataset_utils")
    ds = image_dataset_from_directory(str(image_dir), batch_size=5, image_size=(4, 4),
                                      seed=7, verbose=False)
    paths, labels, names = ref.index_directory(str(image_dir), "inferred",
                                               formats=(".png",), shuffle=True, seed=7,
                                               verbose=False)
    assert ds.file_paths == paths and ds.class_names == names == ["birds", "cats", "dogs"]
    assert len(ds) == 3
    images, batch_labels = ds[0]
    assert images.shape == (5, 4, 4, 3) and images.dtype == np.float32
    assert batch_labels.dtype == np.int32
    assert sorted(np.concatenate([ds[i][1] for i in range(3)]).tolist()) == sorted(
        labels.tolist())


def test_image_dataset_pixels_match_resize(image_dir, keras):
    from PIL import Image

    ds = image_dataset_from_directory(str(image_dir), batch_size=None, image_size=(3, 5),
                                      shuffle=False, verbose=False)
    image, label = ds[0]
    raw = np.asarray(Image.open(ds.file_paths[0]).convert("RGB"), dtype="float32")
    expected = keras.ops.image.resize(raw, (3, 5))
    np.testing.assert_allclose(image, keras.ops.convert_to_numpy(expected), rtol=1e-5,
                               atol=1e-3)
    assert int(label) == 0


def test_image_dataset_modes_and_splits(image_dir):
    gray = image_dataset_from_directory(str(image_dir), color_mode="grayscale",
                                        label_mode="categorical", image_size=(4, 4),
                                        batch_size=12, seed=1, verbose=False)
    x, y = gray[0]
    assert x.shape == (12, 4, 4, 1) and y.shape == (12, 3) and y.sum() == 12
    train, val = image_dataset_from_directory(
        str(image_dir), validation_split=0.25, subset="both", seed=3, image_size=(4, 4),
        verbose=False)
    assert len(train.file_paths) == 9 and len(val.file_paths) == 3
    assert not set(train.file_paths) & set(val.file_paths)
    only = image_dataset_from_directory(str(image_dir), labels=None, image_size=(4, 4),
                                        batch_size=4, verbose=False)
    assert only[0].shape == (4, 4, 4, 3)
    two = image_dataset_from_directory(str(image_dir), class_names=["dogs", "cats"],
                                       label_mode="binary", image_size=(4, 4), seed=0,
                                       verbose=False)
    assert two.class_names == ["dogs", "cats"] and two[0][1].shape[1] == 1


def test_image_dataset_errors(tmp_path, image_dir):
    os.makedirs(tmp_path / "empty" / "a")
    with pytest.raises(ValueError, match="No images found"):
        image_dataset_from_directory(str(tmp_path / "empty"), verbose=False)
    with pytest.raises(ValueError, match="seed"):
        image_dataset_from_directory(str(image_dir), validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="binary"):
        image_dataset_from_directory(str(image_dir), label_mode="binary", verbose=False)
    with pytest.raises(ValueError, match="color_mode"):
        image_dataset_from_directory(str(image_dir), color_mode="cmyk")


def test_image_dataset_trains(image_dir):
    ds = image_dataset_from_directory(str(image_dir), image_size=(8, 8), batch_size=4,
                                      seed=0, verbose=False)
    model = cornu.Sequential([cornu.Input((8, 8, 3)), layers.RandomFlip(),
                              layers.Rescaling(1 / 255.0), layers.Flatten(), layers.Dense(3)])
    model.compile("adam", "sparse_categorical_crossentropy")
    assert len(model.fit(ds, epochs=2, verbose=0).history["loss"]) == 2


def test_text_dataset(tmp_path):
    for label, texts in (("neg", ["bad", "awful film"]), ("pos", ["good", "great film"])):
        os.makedirs(tmp_path / label)
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text)
    ds = text_dataset_from_directory(str(tmp_path), shuffle=False, batch_size=3,
                                     max_length=4, verbose=False)
    texts, labels = ds[0]
    assert texts.tolist() == ["bad", "awfu", "good"] and labels.tolist() == [0, 0, 1]
    assert ds.class_names == ["neg", "pos"] and len(ds) == 2
    binary = text_dataset_from_directory(str(tmp_path), label_mode="binary", seed=2,
                                         verbose=False)
    assert binary[0][1].shape == (4, 1)
    with pytest.raises(ValueError, match="No text files"):
        os.makedirs(tmp_path / "empty" / "x")
        text_dataset_from_directory(str(tmp_path / "empty"), verbose=False)


@pytest.mark.parametrize("kwargs", [
    {}, {"sequence_stride": 3}, {"sampling_rate": 2}, {"start_index": 4, "end_index": 40},
    {"batch_size": None},
])
def test_timeseries_windows_match_numpy(kwargs):
    data = np.arange(50 * 2).reshape(50, 2)
    targets = np.arange(50) * 10
    length, stride = 5, kwargs.get("sequence_stride", 1)
    rate, start = kwargs.get("sampling_rate", 1), kwargs.get("start_index", 0)
    end = kwargs.get("end_index", 50)
    kwargs = {"batch_size": 7, **kwargs}
    ds = timeseries_dataset_from_array(data, targets, length, **kwargs)
    windows, ys = [], []
    for batch in ds:
        x, y = batch
        windows += list(x) if kwargs.get("batch_size", 7) else [x]
        ys += list(np.atleast_1d(y))
    expected_starts = list(range(start, end - (length - 1) * rate, stride))
    assert len(windows) == len(expected_starts)
    for w, s, y in zip(windows, expected_starts, ys):
        np.testing.assert_array_equal(w, data[s:s + length * rate:rate])
        assert y == targets[s]


def test_timeseries_shuffle_and_fit():
    data = np.random.RandomState(0).rand(100, 3).astype("float32")
    ds = timeseries_dataset_from_array(data, data[:, 0], 4, batch_size=16, shuffle=True,
                                       seed=5)
    first = np.concatenate([y for _, y in ds])
    second = np.concatenate([y for _, y in ds])
    assert sorted(first.tolist()) == sorted(second.tolist()) and not np.array_equal(first,
                                                                                   second)
    model = cornu.Sequential([cornu.Input((4, 3)), layers.Flatten(), layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(ds, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="sampling_rate"):
        timeseries_dataset_from_array(data, None, 4, sampling_rate=0)


def test_split_dataset():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    left, right = split_dataset((x, y), left_size=0.7)
    assert (len(left), len(right)) == (7, 3)
    np.testing.assert_array_equal(right[0][0], x[7])
    left, right = split_dataset(x, right_size=4, shuffle=True, seed=1)
    together = np.concatenate([left.numpy(), right.numpy()])
    assert sorted(together[:, 0].tolist()) == sorted(x[:, 0].tolist())
    batches = left.batch(4)
    assert len(batches) == 2 and batches[0].shape == (4, 2)
    with pytest.raises(ValueError, match="left_size"):
        split_dataset(x, left_size=1.5)
    with pytest.raises(ValueError, match="Pass"):
        split_dataset(x)
    with pytest.raises(ValueError, match="same length"):
        split_dataset((x, np.arange(3)), left_size=0.5)
