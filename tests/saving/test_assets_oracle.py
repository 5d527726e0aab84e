"""Lookup layers with adapted vocabularies move between cornu and real Keras 3 in both
directions. Keras's lookup layers need TensorFlow, so these run only where it is installed
(``test_assets.py`` covers the Keras -> cornu direction from a Keras-written file)."""

import json
import zipfile

import numpy as np
import pytest

import cornu

pytest.importorskip("tensorflow")

TEXTS = np.array(["The cat sat.", "The dog sat on the mat!", "a cat", "dog dog cat"])


def _string(lib):
    layer = lib.layers.StringLookup(mask_token="[M]", num_oov_indices=2)
    layer.adapt(np.array(["a", "b", "b", "c", "c", "c"]))
    x = lib.Input((3,), dtype="string")
    return lib.Model(x, layer(x)), np.array([["a", "c", "z"], ["b", "[M]", "q"]])


def _integer(lib):
    layer = lib.layers.IntegerLookup(output_mode="multi_hot")
    layer.adapt(np.array([12, 36, 36, 1138, 42, 42, 42]))
    x = lib.Input((3,), dtype="int64")
    return lib.Model(x, lib.layers.Dense(2)(layer(x))), np.array([[12, 42, 7], [36, 1138, 42]])


def _text_int(lib):
    layer = lib.layers.TextVectorization(output_sequence_length=5)
    layer.adapt(TEXTS)
    x = lib.Input((1,), dtype="string")
    return lib.Model(x, layer(x)), TEXTS.reshape(-1, 1)


def _text_tf_idf(lib):
    layer = lib.layers.TextVectorization(output_mode="tf_idf", max_tokens=6)
    layer.adapt(TEXTS)
    x = lib.Input((1,), dtype="string")
    return lib.Model(x, lib.layers.Dense(3)(layer(x))), TEXTS.reshape(-1, 1)


CASES = {"string": _string, "integer": _integer, "text_int": _text_int,
         "text_tf_idf": _text_tf_idf}


def _apply(lib, model, x):
    for layer in model.layers[1:]:
        x = layer(x)
    return np.asarray(lib.ops.convert_to_numpy(x))


def _assets(path):
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        return config, {n: archive.read(n) for n in archive.namelist()
                        if n.startswith("assets/")}


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_lookup_model_round_trip(keras, tmp_path, case, direction):
    writer, reader = (cornu, keras) if direction == "cornu_to_keras" else (keras, cornu)
    model, x = CASES[case](writer)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = reader.saving.load_model(path)
    np.testing.assert_allclose(_apply(reader, loaded, x), _apply(writer, model, x), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_assets_and_config_as_keras(keras, tmp_path, case):
    files = {}
    for lib in (cornu, keras):
        model, _ = CASES[case](lib)
        model.save(tmp_path / f"{lib.__name__}.keras")
        files[lib.__name__] = _assets(tmp_path / f"{lib.__name__}.keras")
    (config_c, assets_c), (config_k, assets_k) = files["cornu"], files["keras"]
    assert assets_c == assets_k
    layer_c, layer_k = config_c["config"]["layers"][1], config_k["config"]["layers"][1]
    assert layer_c["class_name"] == layer_k["class_name"]
    for key in ("vocabulary", "idf_weights", "vocabulary_size", "max_tokens", "output_mode"):
        assert layer_c["config"][key] == layer_k["config"][key], key
