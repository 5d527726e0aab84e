"""KerasFileEditor: files written by Keras 3 and by cornu, inspected, edited and resaved."""

from __future__ import annotations

import os

import numpy as np
import pytest

import cornu

keras = pytest.importorskip("keras")


def _two_dense(lib, units=4, compile=True):
    model = lib.Sequential([lib.Input((3,)), lib.layers.Dense(units, name="d1"),
                            lib.layers.Dense(2, name="d2")], name="seq")
    if compile:
        model.compile(optimizer="adam", loss="mse")
    return model


def _three_dense(lib):
    return lib.Sequential([lib.Input((3,)), lib.layers.Dense(4), lib.layers.Dense(3),
                           lib.layers.Dense(2)])


def _nested_np(tree):
    return {k: _nested_np(v) if isinstance(v, dict) else np.asarray(v) for k, v in tree.items()}


def _assert_same_tree(a, b):
    assert list(a) == list(b)
    for key in a:
        if isinstance(a[key], dict):
            _assert_same_tree(a[key], b[key])
        else:
            np.testing.assert_array_equal(np.asarray(a[key]), np.asarray(b[key]))


@pytest.fixture(params=["keras", "cornu"])
def saved(request, tmp_path):
    """A compiled two-layer model saved as .keras and .weights.h5 by Keras or by cornu."""
    lib = keras if request.param == "keras" else cornu
    model = _two_dense(lib)
    model.save(str(tmp_path / "m.keras"))
    model.save_weights(str(tmp_path / "m.weights.h5"))
    weights = [np.asarray(w) for w in model.get_weights()]
    return tmp_path, weights


@pytest.mark.parametrize("filename", ["m.keras", "m.weights.h5"])
def test_reads_like_keras(saved, filename, capsys):
    folder, weights = saved
    path = str(folder / filename)
    ours = cornu.saving.KerasFileEditor(path)
    theirs = keras.saving.KerasFileEditor(path)
    _assert_same_tree(ours.weights_dict, theirs.weights_dict)
    assert list(ours.weights_dict["layers"]) == ["dense", "dense_1"]
    np.testing.assert_array_equal(ours.weights_dict["layers"]["dense"]["0"], weights[0])
    for key, value in theirs.object_metadata.items():
        assert ours.object_metadata[key] == value
    if filename.endswith(".keras"):
        assert ours.metadata["keras_version"] == theirs.metadata["keras_version"]
        assert ours.config["class_name"] == theirs.config["class_name"] == "Sequential"
    else:
        assert ours.metadata is None and ours.config is None
    assert ours.model is None
    capsys.readouterr()
    ours.summary()
    mine = capsys.readouterr().out
    theirs.summary()
    reference = capsys.readouterr().out
    assert mine.strip().splitlines() == [line.rstrip() for line in
                                         reference.strip().splitlines()]
    assert "dense_1" in mine and "shape=(3, 4), dtype=float32" in mine


def test_compare(saved, capsys):
    folder, _ = saved
    path = str(folder / "m.weights.h5")
    ours = cornu.saving.KerasFileEditor(path)
    theirs = keras.saving.KerasFileEditor(path)
    good = ours.compare(_two_dense(cornu))
    assert good == {"status": "success", "error_count": 0, "match_count": 4 + 2}
    assert theirs.compare(_two_dense(keras))["status"] == "success"
    bad = ours.compare(_two_dense(cornu, units=5, compile=False))
    assert bad["status"] == theirs.compare(_two_dense(keras, 5, False))["status"] == "error"
    # three kernel/bias shapes differ, and the optimizer is missing from the reference
    assert bad["error_count"] == 4 and bad["match_count"] == 1
    out = capsys.readouterr().out
    assert "Weight shape mismatch for /layers/dense/0" in out
    assert "Object /optimizer present in saved file" in out
    # a real Keras model works as the reference too
    assert ours.compare(_two_dense(keras))["status"] == "success"


def test_edit_to_insert_a_layer(saved, tmp_path):
    """Resave a 2-Dense file for a 3-Dense model: rename, add, replace a weight, delete."""
    folder, weights = saved
    editor = cornu.saving.KerasFileEditor(str(folder / "m.keras"))
    rng = np.random.default_rng(0)
    middle = {"0": rng.normal(size=(4, 3)).astype("float32"), "1": np.ones(3, "float32")}
    last_kernel = rng.normal(size=(3, 2)).astype("float32")
    editor.rename_object("dense_1", "dense_2")
    editor.add_object("layers/dense_1", middle)
    editor.delete_weight("layers/dense_2", "0")
    editor.add_weights("dense_2", {"0": last_kernel})
    editor.delete_object("optimizer")
    assert editor.object_metadata["/layers/dense_2"] == {"name": "d2"}
    assert "/optimizer" not in editor.object_metadata
    out = str(tmp_path / "edited.weights.h5")
    editor.save(out)
    expected = [weights[0], weights[1], middle["0"], middle["1"], last_kernel, weights[3]]
    for lib in (cornu, keras):
        model = _three_dense(lib)
        model.load_weights(out)
        for got, want in zip(model.get_weights(), expected):
            np.testing.assert_array_equal(np.asarray(got), want)
    assert editor.compare(_three_dense(cornu))["status"] == "success"
    # Keras's own editor reads the edited file the same way
    _assert_same_tree(keras.saving.KerasFileEditor(out).weights_dict,
                      cornu.saving.KerasFileEditor(out).weights_dict)


def test_resave_keeps_layout_of_nested_models(tmp_path):
    import h5py

    inner = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(3),
                              cornu.layers.Dropout(0.1)], name="inner")
    model = cornu.Sequential([cornu.Input((3,)), inner, cornu.layers.BatchNormalization(),
                              cornu.layers.Dense(2)])
    src, dst = str(tmp_path / "n.weights.h5"), str(tmp_path / "copy.weights.h5")
    model.save_weights(src)
    editor = cornu.saving.KerasFileEditor(src)
    editor.resave_weights(dst)

    def layout(path):
        items = []
        with h5py.File(path) as handle:
            handle.visititems(lambda name, obj: items.append(
                (name, dict(obj.attrs), getattr(obj, "shape", None))))
        return items

    assert layout(src) == layout(dst)
    with pytest.raises(ValueError, match="more than once"):
        editor.delete_object("dense")
    editor.delete_object("layers/sequential/layers/dense")
    with pytest.raises(ValueError, match="no object named 'dense_9'"):
        editor.rename_object("dense_9", "x")
    assert "/layers/sequential/layers/dense" not in editor.object_metadata
    for lib in (cornu, keras):  # the resaved copy loads into a like model
        inner = lib.Sequential([lib.Input((3,)), lib.layers.Dense(3), lib.layers.Dropout(0.1)])
        again = lib.Sequential([lib.Input((3,)), inner, lib.layers.BatchNormalization(),
                                lib.layers.Dense(2)])
        again.load_weights(dst)
        for got, want in zip(again.get_weights(), model.get_weights()):
            np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def test_bad_arguments(saved):
    folder, _ = saved
    editor = cornu.saving.KerasFileEditor(str(folder / "m.weights.h5"))
    with pytest.raises(ValueError, match="no object named 'nope'"):
        editor.rename_object("nope", "x")
    with pytest.raises(ValueError, match="already exists"):
        editor.rename_object("layers/dense", "dense_1")
    with pytest.raises(ValueError, match="plain object name"):
        editor.rename_object("layers/dense", "a/b")
    with pytest.raises(ValueError, match="should be a dict"):
        editor.add_object("layers/x", [np.zeros(1)])
    with pytest.raises(ValueError, match="not found"):
        editor.add_object("a/b/c", {"0": np.zeros(1)})
    with pytest.raises(ValueError, match="should hold numbers"):
        editor.add_weights("dense", {"2": np.array(["text"])})
    with pytest.raises(ValueError, match="no weight '7'"):
        editor.delete_weight("dense", "7")
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        editor.save(str(folder / "out.keras"))
    with pytest.raises(ValueError, match=r"\.keras"):
        cornu.saving.KerasFileEditor(str(folder / "m.h5"))
    with pytest.raises(cornu.saving.SavingError, match="No file"):
        cornu.saving.KerasFileEditor(str(folder / "absent.weights.h5"))
    editor.add_object("layers/dense", {"0": np.zeros((3, 4), "float32")})  # replaces, as Keras
    assert list(editor.weights_dict["layers"]["dense"]) == ["0"]


def test_save_is_atomic(saved):
    folder, _ = saved
    target = str(folder / "target.weights.h5")
    with open(target, "wb") as handle:
        handle.write(b"previous")
    editor = cornu.saving.KerasFileEditor(str(folder / "m.weights.h5"))
    editor.weights_dict["layers"]["dense"]["0"] = np.array([object()], dtype=object)
    with pytest.raises(Exception):  # noqa: B017 - h5py cannot store Python objects
        editor.save(target)
    with open(target, "rb") as handle:
        assert handle.read() == b"previous"
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]
