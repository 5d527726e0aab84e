"""The `.keras` format inside cornu: round trips, options, and what a file holds."""

import io
import json
import zipfile

import numpy as np
import pytest

import cornu
from cornu.saving import SavingError
from tests.saving.model_zoo import ZOO, assert_same_outputs, inputs_for, predict


@pytest.mark.parametrize("name", sorted(ZOO))
def test_round_trip(tmp_path, name):
    model = ZOO[name][0](cornu)
    x = inputs_for(name)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = cornu.saving.load_model(path)
    assert type(loaded) is type(model)
    assert_same_outputs(predict(model, x), predict(loaded, x), rtol=0, atol=0)
    assert [tuple(v.shape) for v in loaded.weights] == [tuple(v.shape) for v in model.weights]


def test_shared_layers_stay_shared(tmp_path):
    model = ZOO["nested"][0](cornu)
    model.save(tmp_path / "m.keras")
    loaded = cornu.saving.load_model(tmp_path / "m.keras")
    shared = loaded.get_layer("shared")
    assert len(shared._inbound_nodes) == 2
    assert len(loaded.weights) == len(model.weights)


def test_archive_members_and_metadata(tmp_path):
    model = ZOO["sequential"][0](cornu)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert metadata["keras_version"].startswith("3.") and "cornu_version" in metadata
    assert config["class_name"] == "Sequential" and config["module"] == "keras"


@pytest.mark.filterwarnings("ignore:Skipping variable loading")
def test_compile_false_and_training_config(tmp_path):
    model = ZOO["sequential"][0](cornu)
    model.compile(optimizer=cornu.optimizers.SGD(0.05, momentum=0.5),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.save(tmp_path / "m.keras")
    loaded = cornu.saving.load_model(tmp_path / "m.keras")
    assert loaded.compiled and loaded.optimizer.momentum == 0.5
    assert not cornu.saving.load_model(tmp_path / "m.keras", compile=False).compiled


def test_file_objects_and_unzipped_folders(tmp_path):
    model = ZOO["multi_io"][0](cornu)
    x = inputs_for("multi_io")
    buffer = io.BytesIO()
    model.save(buffer)
    buffer.seek(0)
    assert_same_outputs(predict(model, x), predict(cornu.saving.load_model(buffer), x))
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        archive.extractall(folder)
    assert_same_outputs(predict(model, x), predict(cornu.saving.load_model(folder), x))


def test_subclassed_model_built_by_a_call(tmp_path):
    class Net(cornu.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = cornu.layers.Dense(4)
            self.out = cornu.layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = Net()
    model(np.zeros((1, 3), "float32"))
    model.save(tmp_path / "net.keras")
    loaded = cornu.saving.load_model(tmp_path / "net.keras", custom_objects={"Net": Net})
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(predict(loaded, x), predict(model, x))


def test_unknown_extension_and_missing_custom_class(tmp_path):
    model = ZOO["sequential"][0](cornu)
    with pytest.raises(SavingError, match=r"\.keras"):
        model.save(tmp_path / "model.bin")

    class Private(cornu.layers.Layer):
        def call(self, x):
            return x

    custom = cornu.Sequential([cornu.Input((2,)), Private()])
    custom.save(tmp_path / "p.keras")
    with pytest.raises(SavingError, match="Private.*custom_objects"):
        cornu.saving.load_model(tmp_path / "p.keras")


def test_to_json_is_keras_json():
    model = ZOO["ops_graph"][0](cornu)
    config = json.loads(model.to_json())
    assert config["class_name"] == "Functional"
    ops = [layer for layer in config["config"]["layers"]
           if layer["module"].startswith("keras.src.ops")]
    assert [layer["class_name"] for layer in ops] == [
        "Add", "Multiply", "ExpandDims", "Mean", "GetItem", "Concatenate", "Tanh"]
    assert ops[2]["config"]["axis"] == 1


def test_subclassed_model_built_explicitly(tmp_path):
    class Tower(cornu.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.blocks = [cornu.layers.Dense(4), cornu.layers.Dense(2)]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    model = Tower()
    model.build((None, 3))
    model.save(tmp_path / "tower.keras")
    loaded = cornu.saving.load_model(tmp_path / "tower.keras", custom_objects={"Tower": Tower})
    assert loaded.built
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(predict(loaded, x), predict(model, x))
