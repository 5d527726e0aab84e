"""Keras 1/2 HDF5 files (``model_config`` + ``model_weights``, and weights-only files),
written here byte-for-byte in the layout old Keras versions use."""

import json
import warnings

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import SavingError

RNG = np.random.default_rng(0)


def _names(values):
    return np.array([v.encode() for v in values], dtype="S")


def _write_layers(group, layers, keras_version="2.13.1"):
    group.attrs["layer_names"] = _names([name for name, _ in layers])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = keras_version.encode()
    for name, weights in layers:
        layer_group = group.create_group(name)
        layer_group.attrs["weight_names"] = _names([w for w, _ in weights])
        for weight_name, value in weights:
            layer_group.create_dataset(weight_name, data=value)


def _write_model(path, model_config, layers, training_config=None, keras_version="2.13.1"):
    with h5py.File(path, "w") as h5:
        h5.attrs["keras_version"] = keras_version.encode()
        h5.attrs["backend"] = b"tensorflow"
        h5.attrs["model_config"] = json.dumps(model_config).encode()
        if training_config is not None:
            h5.attrs["training_config"] = json.dumps(training_config).encode()
        _write_layers(h5.create_group("model_weights"), layers, keras_version)


def _dense_config(name, units, activation="linear", **extra):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units,
        "activation": activation, "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None, **extra}}


def _weights():
    return {"w1": RNG.standard_normal((3, 4)).astype("float32"),
            "b1": RNG.standard_normal(4).astype("float32"),
            "w2": RNG.standard_normal((4, 2)).astype("float32"),
            "b2": RNG.standard_normal(2).astype("float32")}


def _reference(x, w):
    return np.maximum(x @ w["w1"] + w["b1"], 0) @ w["w2"] + w["b2"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras2_sequential_model(tmp_path):
    w = _weights()
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3],
                                                "dtype": "float32", "sparse": False,
                                                "ragged": False, "name": "dense_input"}},
        _dense_config("dense", 4, "relu"), _dense_config("dense_1", 2)]},
        "keras_version": "2.13.1", "backend": "tensorflow"}
    training = {"loss": "mean_squared_error", "metrics": ["mae"], "weighted_metrics": None,
                "loss_weights": None, "optimizer_config": {
                    "class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.01,
                                                     "decay": 0.0, "beta_1": 0.9,
                                                     "beta_2": 0.999, "epsilon": 1e-07,
                                                     "amsgrad": False}}}
    path = tmp_path / "model.h5"
    _write_model(path, config, [("dense", [("dense/kernel:0", w["w1"]),
                                           ("dense/bias:0", w["b1"])]),
                                ("dense_1", [("dense_1/kernel:0", w["w2"]),
                                             ("dense_1/bias:0", w["b2"])])], training)
    model = cornu.saving.load_model(path)
    x = RNG.standard_normal((5, 3)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), _reference(x, w), rtol=1e-5,
                               atol=1e-6)
    assert model.compiled and model.optimizer.learning_rate.numpy() == pytest.approx(0.01)
    model.fit(x, np.zeros((5, 2)), verbose=0)  # trainable after loading


def test_keras1_sequential_model(tmp_path):
    w = _weights()
    config = {"class_name": "Sequential", "config": [
        {"class_name": "Dense", "config": {
            "name": "dense_1", "output_dim": 4, "input_dim": 3, "init": "glorot_uniform",
            "activation": "relu", "batch_input_shape": [None, 3], "input_dtype": "float32",
            "bias": True, "W_regularizer": None, "b_regularizer": None,
            "activity_regularizer": None, "W_constraint": None, "b_constraint": None,
            "trainable": True}},
        {"class_name": "Dense", "config": {
            "name": "dense_2", "output_dim": 2, "init": "glorot_uniform",
            "activation": "linear", "bias": True, "trainable": True}}]}
    path = tmp_path / "keras1.h5"
    _write_model(path, config, [("dense_1", [("dense_1_W", w["w1"]), ("dense_1_b", w["b1"])]),
                                ("dense_2", [("dense_2_W", w["w2"]), ("dense_2_b", w["b2"])])],
                 keras_version="1.2.2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        model = cornu.saving.load_model(path)
    x = RNG.standard_normal((4, 3)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), _reference(x, w), rtol=1e-5,
                               atol=1e-6)


def test_keras2_functional_model(tmp_path):
    w = _weights()
    layers = [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [], "config": {
            "batch_input_shape": [None, 3], "dtype": "float32", "sparse": False,
            "ragged": False, "name": "input_1"}},
        {**_dense_config("hidden", 4, "relu"), "name": "hidden",
         "inbound_nodes": [[["input_1", 0, 0, {}]]]},
        {**_dense_config("out", 2), "name": "out", "inbound_nodes": [[["hidden", 0, 0, {}]]]},
        {"class_name": "Concatenate", "name": "joined",
         "config": {"name": "joined", "trainable": True, "dtype": "float32", "axis": -1},
         "inbound_nodes": [[["out", 0, 0, {}], ["hidden", 0, 0, {}]]]},
    ]
    config = {"class_name": "Functional", "config": {
        "name": "model", "layers": layers, "input_layers": [["input_1", 0, 0]],
        "output_layers": [["joined", 0, 0], ["out", 0, 0]]}}
    path = tmp_path / "functional.h5"
    _write_model(path, config, [
        ("input_1", []), ("hidden", [("hidden/kernel:0", w["w1"]), ("hidden/bias:0", w["b1"])]),
        ("out", [("out/kernel:0", w["w2"]), ("out/bias:0", w["b2"])]), ("joined", [])])
    model = cornu.saving.load_model(path)
    x = RNG.standard_normal((2, 3)).astype("float32")
    joined, out = model.predict(x, verbose=0)
    hidden = np.maximum(x @ w["w1"] + w["b1"], 0)
    np.testing.assert_allclose(out, _reference(x, w), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(joined, np.concatenate([out, hidden], -1), rtol=1e-5,
                               atol=1e-6)


def _target():
    return cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4, activation="relu",
                                                                   name="dense"),
                             cornu.layers.Dense(2, name="dense_1")])


def test_weights_only_file_in_order_and_by_name(tmp_path):
    w = _weights()
    path = tmp_path / "weights.h5"
    with h5py.File(path, "w") as h5:
        # Saved in a different order and with an extra layer: only by_name can match.
        _write_layers(h5, [("dense_1", [("dense_1/kernel:0", w["w2"]),
                                        ("dense_1/bias:0", w["b2"])]),
                           ("extra", [("extra/kernel:0", np.zeros((2, 2), "float32"))]),
                           ("dense", [("dense/kernel:0", w["w1"]),
                                      ("dense/bias:0", w["b1"])])])
    model = _target()
    with pytest.raises(SavingError, match="by_name"):
        model.load_weights(path)
    model.load_weights(path, by_name=True)
    x = RNG.standard_normal((3, 3)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), _reference(x, w), rtol=1e-5,
                               atol=1e-6)


def test_by_name_mismatch_and_skip(tmp_path):
    path = tmp_path / "weights.h5"
    with h5py.File(path, "w") as h5:
        _write_layers(h5, [("dense", [("dense/kernel:0", np.zeros((5, 4), "float32")),
                                      ("dense/bias:0", np.zeros(4, "float32"))]),
                           ("dense_1", [("dense_1/kernel:0", np.ones((4, 2), "float32")),
                                        ("dense_1/bias:0", np.ones(2, "float32"))])])
    model = _target()
    before = model.get_weights()
    with pytest.raises(SavingError, match=r"dense.*\(3, 4\).*\(5, 4\)"):
        model.load_weights(path, by_name=True)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.warns(UserWarning, match="skip_mismatch"):
        model.load_weights(path, by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), before[0])
    np.testing.assert_array_equal(model.layers[1].kernel.numpy(), np.ones((4, 2)))


def test_cornu_writes_h5_for_old_tools(tmp_path):
    model = _target()
    model.compile(optimizer="adam", loss="mean_squared_error")
    x = RNG.standard_normal((4, 3)).astype("float32")
    model.fit(x, np.zeros((4, 2)), verbose=0)
    path = tmp_path / "model.h5"
    model.save(path)
    with h5py.File(path, "r") as h5:
        assert json.loads(h5.attrs["model_config"])["class_name"] == "Sequential"
        assert list(h5["model_weights"].attrs["layer_names"]) == [b"dense", b"dense_1"]
        assert "optimizer_weights" in h5
    loaded = cornu.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    weights_path = tmp_path / "weights.h5"
    model.save_weights(weights_path)
    fresh = _target()
    fresh.load_weights(weights_path)
    np.testing.assert_allclose(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


def test_weights_only_file_is_not_a_model(tmp_path):
    path = tmp_path / "weights.h5"
    _target().save_weights(path)
    with pytest.raises(SavingError, match="load_weights"):
        cornu.saving.load_model(path)
