"""TensorBoard: event files read back with the tensorboard package's own reader."""

import os

import numpy as np
import pytest

import cornu
from cornu.callbacks import TensorBoard

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator")


def _read(directory):
    accumulator = event_accumulator.EventAccumulator(
        str(directory), size_guidance={event_accumulator.SCALARS: 0,
                                       event_accumulator.HISTOGRAMS: 0,
                                       event_accumulator.IMAGES: 0})
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag):
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def _fit(log_dir, epochs=3, **kwargs):
    rng = np.random.default_rng(0)
    x = rng.random((20, 3)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 1.5).astype("float32")
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4, name="hidden"),
                              cornu.layers.Dense(1, activation="sigmoid", name="out")])
    model.compile(optimizer=cornu.optimizers.SGD(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=5, epochs=epochs, validation_data=(x[:10], y[:10]),
                        verbose=0, callbacks=[TensorBoard(str(log_dir), **kwargs)])
    return model, history


def test_epoch_scalars_train_and_validation(tmp_path):
    _, history = _fit(tmp_path)
    train, validation = _read(tmp_path / "train"), _read(tmp_path / "validation")
    assert {"epoch_loss", "epoch_accuracy", "epoch_learning_rate"} <= set(
        train.Tags()["scalars"])
    for name in ("loss", "accuracy"):
        steps, values = zip(*_scalars(train, f"epoch_{name}"))
        assert steps == (0, 1, 2)
        np.testing.assert_allclose(values, history.history[name], rtol=1e-6)
        _, values = zip(*_scalars(validation, f"epoch_{name}"))
        np.testing.assert_allclose(values, history.history[f"val_{name}"], rtol=1e-6)
    np.testing.assert_allclose([v for _, v in _scalars(train, "epoch_learning_rate")],
                               [0.05] * 3, rtol=1e-6)


def test_evaluation_scalars_against_iterations(tmp_path):
    _fit(tmp_path, epochs=2)
    validation = _read(tmp_path / "validation")
    steps, _ = zip(*_scalars(validation, "evaluation_loss_vs_iterations"))
    assert steps == (4, 8)  # 4 batches of 5 per epoch


@pytest.mark.parametrize(("update_freq", "expected"), [
    ("batch", list(range(1, 9))),
    (3, [3, 6]),
])
def test_batch_scalars(tmp_path, update_freq, expected):
    _fit(tmp_path, epochs=2, update_freq=update_freq)
    train = _read(tmp_path / "train")
    assert [step for step, _ in _scalars(train, "batch_loss")] == expected
    assert "batch_accuracy" in train.Tags()["scalars"]


def test_no_batch_scalars_by_default(tmp_path):
    _fit(tmp_path, epochs=1)
    assert not [t for t in _read(tmp_path / "train").Tags()["scalars"] if t.startswith("batch")]
    assert not TensorBoard(str(tmp_path))._needs_batch_hooks("train")


def test_histograms_and_images(tmp_path):
    model, _ = _fit(tmp_path, epochs=2, histogram_freq=1, write_images=True)
    train = _read(tmp_path / "train")
    kernel = model.get_layer("hidden").kernel
    tag = f"{kernel.path}/histogram"
    assert tag in train.Tags()["histograms"]
    events = train.Histograms(tag)
    assert [event.step for event in events] == [0, 1]
    final = events[-1].histogram_value
    value = cornu.ops.convert_to_numpy(kernel)
    assert final.num == value.size
    assert final.min == pytest.approx(value.min())
    assert final.max == pytest.approx(value.max())
    assert sum(final.bucket) == value.size
    image = train.Images(f"{kernel.path}/image")[-1]
    assert image.encoded_image_string.startswith(b"\x89PNG")
    assert (image.height, image.width) == (3, 4)  # (3, 4) kernel, wide side horizontal


def test_histogram_freq_every_other_epoch(tmp_path):
    model, _ = _fit(tmp_path, epochs=3, histogram_freq=2)
    tag = f"{model.get_layer('out').bias.path}/histogram"
    assert [e.step for e in _read(tmp_path / "train").Histograms(tag)] == [0, 2]


def test_steps_per_second(tmp_path):
    _fit(tmp_path, epochs=1, write_steps_per_second=True, update_freq="batch")
    tags = _read(tmp_path / "train").Tags()["scalars"]
    assert "epoch_steps_per_second" in tags and "batch_steps_per_second" in tags


def test_profiling_is_refused():
    with pytest.raises(ValueError, match="profile_batch=0"):
        TensorBoard(profile_batch=2)


def test_bad_update_freq():
    with pytest.raises(ValueError, match="update_freq"):
        TensorBoard(update_freq="sometimes")


def test_log_dir_layout(tmp_path):
    _fit(tmp_path, epochs=1)
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    assert all(name.startswith("events.out.tfevents") for name in os.listdir(tmp_path / "train"))


def test_model_config_for_the_graphs_tab(tmp_path):
    import json

    model, _ = _fit(tmp_path, epochs=1)
    if not hasattr(model, "to_json"):
        pytest.skip("model.to_json is not available")
    train = _read(tmp_path / "train")
    assert "keras" in train.Tags()["tensors"]
    event = train.Tensors("keras")[0]
    config = json.loads(event.tensor_proto.string_val[0])
    assert config["class_name"] == "Sequential"
    metadata = train.SummaryMetadata("keras")
    assert metadata.plugin_data.plugin_name == "graph_keras_model"
