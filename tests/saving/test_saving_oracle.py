"""Files written by cornu load in real Keras 3 (torch backend) and the reverse, with the same
predictions; training resumes from the saved optimizer state in either library."""

import io
import json
import zipfile

import h5py
import numpy as np
import pytest

import cornu
from tests.saving.model_zoo import ZOO, assert_same_outputs, custom_classes, inputs_for, predict


def _libs(keras, direction):
    custom_classes(cornu)
    custom_classes(keras)
    return (cornu, keras) if direction == "cornu_to_keras" else (keras, cornu)


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
@pytest.mark.parametrize("name", sorted(ZOO))
def test_keras_file_round_trip(keras, tmp_path, name, direction):
    writer, reader = _libs(keras, direction)
    model = ZOO[name][0](writer)
    x = inputs_for(name)
    expected = predict(model, x)
    path = tmp_path / "model.keras"
    model.save(str(path))
    loaded = reader.saving.load_model(str(path))
    assert_same_outputs(expected, predict(loaded, x))


def _h5_paths(path):
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        raw = archive.read("model.weights.h5")
        config = json.loads(archive.read("config.json"))
    paths = {}
    with h5py.File(io.BytesIO(raw), "r") as h5:
        h5.visititems(lambda key, obj: paths.__setitem__(
            key, tuple(obj.shape) if isinstance(obj, h5py.Dataset) else None))
    return names, paths, config


@pytest.mark.parametrize("name", ["multi_io", "nested", "recurrent", "attention", "conv",
                                  "grouped_attention"])
def test_same_layout_as_keras(keras, tmp_path, name):
    ours, theirs = tmp_path / "c.keras", tmp_path / "k.keras"
    cornu_model, keras_model = ZOO[name][0](cornu), ZOO[name][0](keras)
    for model, optimizer in ((cornu_model, cornu.optimizers.Adam()),
                             (keras_model, keras.optimizers.Adam())):
        model.compile(optimizer=optimizer, loss="mse")
    x = inputs_for(name)
    y = np.zeros_like(predict(keras_model, x)) if not isinstance(
        predict(keras_model, x), (list, dict)) else None
    if y is not None:
        cornu_model.fit(x, y, verbose=0)
        keras_model.fit(x, y, verbose=0)
    cornu_model.save(str(ours))
    keras_model.save(str(theirs))
    names_c, paths_c, config_c = _h5_paths(ours)
    names_k, paths_k, config_k = _h5_paths(theirs)
    assert names_c == names_k == ["config.json", "metadata.json", "model.weights.h5"]
    with_data_c = {k: v for k, v in paths_c.items() if v is not None}
    with_data_k = {k: v for k, v in paths_k.items() if v is not None}
    assert with_data_c == with_data_k
    assert {"module", "class_name", "config", "registered_name"} <= set(config_c)
    assert config_c["module"] == config_k["module"]
    assert config_c["class_name"] == config_k["class_name"]
    assert ("compile_config" in config_c) == ("compile_config" in config_k)


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_training_resumes_from_saved_optimizer_state(keras, tmp_path, direction):
    writer, reader = _libs(keras, direction)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 6)).astype("float32")
    y = np.eye(3, dtype="float32")[rng.integers(0, 3, 32)]
    model = writer.Sequential([writer.Input((6,)), writer.layers.Dense(8, activation="relu"),
                               writer.layers.BatchNormalization(),
                               writer.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=writer.optimizers.Adam(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    path = tmp_path / "ckpt.keras"
    model.save(str(path))
    resumed = reader.saving.load_model(str(path))
    assert int(np.asarray(resumed.optimizer.iterations)) == 8
    for a, b in zip(model.optimizer.variables, resumed.optimizer.variables):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-6)
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    resumed.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)
    assert int(np.asarray(resumed.optimizer.iterations)) == 16


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_multi_output_compiled_model(keras, tmp_path, direction):
    writer, reader = _libs(keras, direction)
    model = ZOO["multi_io"][0](writer)
    model.compile(optimizer="adam", loss=["mse", "mae"], loss_weights=[1.0, 0.5],
                  metrics=[["mae"], ["mse"]])
    x = inputs_for("multi_io", batch=8)
    y = [np.ones((8, 1), "float32"), np.zeros((8, 2), "float32")]
    model.fit(x, y, verbose=0)
    model.save(str(tmp_path / "m.keras"))
    loaded = reader.saving.load_model(str(tmp_path / "m.keras"))
    assert_same_outputs(predict(model, x), predict(loaded, x))
    before = model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    after = loaded.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    np.testing.assert_allclose(after, before, rtol=1e-5)


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_weights_file_round_trip(keras, tmp_path, direction):
    writer, reader = _libs(keras, direction)
    source, target = ZOO["conv"][0](writer), ZOO["conv"][0](reader)
    x = inputs_for("conv")
    path = str(tmp_path / "w.weights.h5")
    source.save_weights(path)
    target.load_weights(path)
    assert_same_outputs(predict(source, x), predict(target, x))


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_json_round_trip(keras, direction):
    writer, reader = _libs(keras, direction)
    model = ZOO["nested"][0](writer)
    clone = reader.models.model_from_json(model.to_json())
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    clone.set_weights(model.get_weights())
    x = inputs_for("nested")
    assert_same_outputs(predict(model, x), predict(clone, x))


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_legacy_h5_round_trip(keras, tmp_path, direction):
    writer, reader = _libs(keras, direction)
    model = ZOO["multi_io"][0](writer)
    # (Keras cannot read back its own legacy .h5 when the loss is spelled "mse".)
    model.compile(optimizer="adam", loss="mean_squared_error")
    x = inputs_for("multi_io", batch=4)
    model.fit(x, [np.ones((4, 1)), np.ones((4, 2))], verbose=0)
    path = str(tmp_path / "m.h5")
    model.save(path)
    loaded = reader.saving.load_model(path)
    assert_same_outputs(predict(model, x), predict(loaded, x))
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-6)


def test_keras_lambda_needs_unsafe_mode(keras, tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 3.0 + 1.0)])
    path = str(tmp_path / "lambda.keras")
    model.save(path)
    with pytest.raises(cornu.saving.SavingError, match="safe_mode=False"):
        cornu.saving.load_model(path)
    x = np.ones((2, 3), "float32")
    loaded = cornu.saving.load_model(path, safe_mode=False)
    np.testing.assert_allclose(predict(loaded, x), 4.0 * np.ones((2, 3)))
