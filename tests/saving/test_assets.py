"""Lookup vocabularies as ``.keras`` assets (``assets/<layer path>/vocabulary.txt``, config
``vocabulary: null``), Keras 3's layout. The Keras-written file under ``data/`` was made by
``data/_make_keras_lookups.py`` with real Keras 3.15 (its lookup layers need TensorFlow);
``test_assets_oracle.py`` checks both directions live where TensorFlow is installed."""

import json
import os
import pickle
import zipfile

import numpy as np
import pytest

import cornu
from cornu.saving import SavingError

DATA = os.path.join(os.path.dirname(__file__), "data")
TEXTS = np.array(["The cat sat.", "The dog sat on the mat!", "a cat", "dog dog cat"])


def _np(x):
    return np.asarray(cornu.ops.convert_to_numpy(x))


def _apply(model, x):
    """Runs the layers after the input one by one (string inputs stay NumPy arrays)."""
    for layer in model.layers[1:]:
        x = layer(x)
    return _np(x)


def _string_lookup_model(**kwargs):
    lookup = cornu.layers.StringLookup(**kwargs)
    lookup.adapt(np.array(["a", "b", "b", "c", "c", "c"]))
    x = cornu.Input((3,), dtype="string")
    return cornu.Model(x, lookup(x))


def _read(path, member):
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def test_adapted_vocabulary_is_an_asset(tmp_path):
    model = _string_lookup_model()
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        config = json.loads(archive.read("config.json"))
    assert names == ["metadata.json", "config.json", "model.weights.h5",
                     "assets/layers/string_lookup/vocabulary.txt"]
    layer_config = config["config"]["layers"][1]["config"]
    assert layer_config["vocabulary"] is None
    assert layer_config["vocabulary_size"] == 4
    text = _read(path, "assets/layers/string_lookup/vocabulary.txt").decode()
    assert text.split("\n") == model.layers[1].get_vocabulary() == ["[UNK]", "c", "b", "a"]
    loaded = cornu.saving.load_model(path)
    x = np.array([["a", "c", "z"], ["b", "b", "q"]])
    np.testing.assert_array_equal(_apply(loaded, x), _apply(model, x))


def test_inline_vocabulary_stays_in_the_config(tmp_path):
    lookup = cornu.layers.IntegerLookup(vocabulary=[7, 3, 5], mask_token=0)
    x = cornu.Input((2,), dtype="int64")
    model = cornu.Model(x, lookup(x))
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("assets")]
        config = json.loads(archive.read("config.json"))
    assert config["config"]["layers"][1]["config"]["vocabulary"] == [7, 3, 5]
    loaded = cornu.saving.load_model(path)
    ids = np.array([[3, 0], [9, 5]])
    np.testing.assert_array_equal(_apply(loaded, ids), [[3, 0], [1, 4]])


def test_vocabulary_file_argument_is_saved_as_an_asset(tmp_path):
    vocab = tmp_path / "v.txt"
    vocab.write_text("good\nbad\n")
    layer = cornu.layers.StringLookup(vocabulary=str(vocab))
    x = cornu.Input((2,), dtype="string")
    path = tmp_path / "m.keras"
    cornu.Model(x, layer(x)).save(path)
    vocab.unlink()  # the saved model no longer needs the original file
    loaded = cornu.saving.load_model(path)
    assert loaded.layers[1].get_vocabulary() == ["[UNK]", "good", "bad"]


@pytest.mark.parametrize("kwargs", [
    {"output_sequence_length": 5},
    {"output_mode": "tf_idf"},
    {"output_mode": "tf_idf", "max_tokens": 12, "pad_to_max_tokens": True},
    {"output_mode": "count", "ngrams": 2},
])
def test_text_vectorization_round_trip(tmp_path, kwargs):
    layer = cornu.layers.TextVectorization(**kwargs)
    layer.adapt(TEXTS)
    x = cornu.Input((1,), dtype="string")
    model = cornu.Model(x, layer(x))
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assets = sorted(n for n in archive.namelist() if n.startswith("assets"))
    assert assets == ["assets/layers/text_vectorization/_lookup_layer/vocabulary.txt",
                      "assets/layers/text_vectorization/vocabulary.txt"]
    loaded = cornu.saving.load_model(path)
    texts = TEXTS.reshape(-1, 1)
    np.testing.assert_allclose(_apply(loaded, texts), _apply(model, texts), rtol=1e-6)
    assert loaded.layers[1].get_vocabulary() == layer.get_vocabulary()


def test_encoded_lookup_feeding_a_dense_layer(tmp_path):
    # The Dense kernel's shape depends on the vocabulary size, known from the config before
    # the asset is read.
    lookup = cornu.layers.StringLookup(output_mode="multi_hot", num_oov_indices=2)
    lookup.adapt(np.array(["a", "b", "b", "c", "c", "c", "d"]))
    x = cornu.Input((3,), dtype="string")
    model = cornu.Model(x, cornu.layers.Dense(2)(lookup(x)))
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = cornu.saving.load_model(path)
    assert loaded.layers[2].kernel.shape == (6, 2)
    words = np.array([["a", "d", "zz"], ["b", "b", "c"]])
    np.testing.assert_allclose(_apply(loaded, words), _apply(model, words), rtol=1e-6)


def test_loaded_layer_can_be_adapted_again(tmp_path):
    path = tmp_path / "m.keras"
    _string_lookup_model().save(path)
    layer = cornu.saving.load_model(path).layers[1]
    layer.adapt(np.array(["x", "y", "y"]))
    assert layer.get_vocabulary() == ["[UNK]", "y", "x"]


def test_missing_asset_is_a_clear_error(tmp_path):
    path, broken = tmp_path / "m.keras", tmp_path / "broken.keras"
    _string_lookup_model().save(path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            if not name.startswith("assets"):
                dst.writestr(name, src.read(name))
    with pytest.raises(SavingError, match="vocabulary.txt"):
        cornu.saving.load_model(broken)


def test_old_files_with_the_vocabulary_in_the_config_still_load(tmp_path):
    # cornu before assets wrote adapted vocabularies inline and no assets/ folder.
    path, old = tmp_path / "m.keras", tmp_path / "old.keras"
    model = _string_lookup_model()
    model.save(path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(old, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "config.json":
                config = json.loads(data)
                config["config"]["layers"][1]["config"]["vocabulary"] = ["c", "b", "a"]
                data = json.dumps(config)
            if not name.startswith("assets"):
                dst.writestr(name, data)
    loaded = cornu.saving.load_model(old)
    x = np.array([["a", "c", "z"]])
    np.testing.assert_array_equal(_apply(loaded, x), _apply(model, x))


def test_unzipped_folder_reads_its_assets(tmp_path):
    path = tmp_path / "m.keras"
    model = _string_lookup_model()
    model.save(path)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    loaded = cornu.saving.load_model(folder)
    assert loaded.layers[1].get_vocabulary() == model.layers[1].get_vocabulary()


def test_pickled_model_keeps_its_vocabulary():
    model = _string_lookup_model(output_mode="count")
    copied = pickle.loads(pickle.dumps(model))
    x = np.array([["a", "c", "c"]])
    np.testing.assert_array_equal(_apply(copied, x), _apply(model, x))


def test_file_written_by_keras_loads():
    with open(os.path.join(DATA, "keras_lookups.json")) as handle:
        reference = json.load(handle)
    model = cornu.saving.load_model(os.path.join(DATA, "keras_lookups.keras"))
    layers = {layer.name: layer for layer in model.layers}
    x = {k: np.array(v) for k, v in reference["inputs"].items()}
    got = {
        "words_lookup": layers["words_lookup"](x["words"]),
        "head": layers["head"](layers["ids_lookup"](x["ids"])),
        "texts_vectorizer": layers["texts_vectorizer"](x["texts"]),
        "inline_lookup": layers["inline_lookup"](x["words"]),
    }
    for name, expected in reference["outputs"].items():
        np.testing.assert_allclose(_np(got[name]), np.array(expected), rtol=1e-5, atol=1e-6,
                                   err_msg=name)
