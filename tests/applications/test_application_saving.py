"""The application models' own layers (LayerScale, CustomScaleLayer, ...) travel in .keras
files between cornu and real Keras 3 under Keras's module names, without custom_objects."""

import json
import zipfile

import numpy as np
import pytest

import cornu

X = np.random.default_rng(0).standard_normal((2, 4)).astype("float32")
LAYERS = [("convnext", "LayerScale", {"init_values": 0.5, "projection_dim": 4}),
          ("inception_resnet_v2", "CustomScaleLayer", {"scale": 0.2})]


def _predict(keras, model, x):
    return np.asarray(keras.ops.convert_to_numpy(model.predict(x, verbose=0)))


@pytest.mark.parametrize("module,name,kwargs", LAYERS, ids=[c[1] for c in LAYERS])
def test_keras_file_loads_in_cornu_and_back(keras, tmp_path, module, name, kwargs):
    import importlib

    keras_cls = getattr(importlib.import_module(f"keras.src.applications.{module}"), name)
    ours_cls = getattr(importlib.import_module(f"cornu.applications.{module}"), name)
    inputs = [X, X] if name == "CustomScaleLayer" else X

    def build(lib, cls):
        if name == "CustomScaleLayer":
            a, b = lib.Input((4,)), lib.Input((4,))
            return lib.Model([a, b], cls(**kwargs)([a, b]))
        return lib.Sequential([lib.Input((4,)), cls(**kwargs)])

    theirs = build(keras, keras_cls)
    theirs.save(tmp_path / "k.keras")
    ours = cornu.saving.load_model(tmp_path / "k.keras")
    assert any(isinstance(layer, ours_cls) for layer in ours.layers)
    np.testing.assert_allclose(ours.predict(inputs, verbose=0), _predict(keras, theirs, inputs))
    build(cornu, ours_cls).save(tmp_path / "c.keras")
    entries = json.loads(zipfile.ZipFile(tmp_path / "c.keras").read("config.json"))
    layer = [e for e in entries["config"]["layers"] if e["class_name"] == name][0]
    assert layer["module"] == f"keras.src.applications.{module}"
    assert layer["registered_name"] == name
    back = keras.saving.load_model(tmp_path / "c.keras")
    assert any(isinstance(layer, keras_cls) for layer in back.layers)
