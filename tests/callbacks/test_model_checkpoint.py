"""ModelCheckpoint: which files are written when, and what they hold.

``model.save`` / ``model.save_weights`` come from ``cornu.saving``; where a model lacks them
these tests give it a small stand-in that writes the weights with NumPy.
"""

import os

import numpy as np
import pytest

import cornu
from cornu.callbacks import ModelCheckpoint


def _scripted(library, key, curve):
    class Scripted(library.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs[key] = curve[epoch]

    return Scripted()


def _model(library=cornu):
    model = library.Sequential([library.Input((2,)), library.layers.Dense(1)])
    model.compile(optimizer=library.optimizers.SGD(0.1), loss="mse")
    return model


def _with_stand_in_saving(model, calls):
    """Replaces save/save_weights on this model object by NumPy writers that log calls."""

    def save_weights(filepath, overwrite=True):
        calls.append(("save_weights", os.path.basename(filepath)))
        with open(filepath, "wb") as stream:
            np.savez(stream, *model.get_weights())

    def save(filepath, overwrite=True):
        calls.append(("save", os.path.basename(filepath)))
        with open(filepath, "wb") as stream:
            np.savez(stream, *model.get_weights())

    model.save_weights = save_weights
    model.save = save
    return model


def _fit(model, callbacks, epochs=5, batch_size=4):
    x = np.random.default_rng(0).random((16, 2)).astype("float32")
    return model.fit(x, x[:, :1] * 2, batch_size=batch_size, epochs=epochs, verbose=0,
                     validation_data=(x, x[:, :1] * 2), callbacks=callbacks)


CURVE = [1.0, 0.8, 0.9, 0.5, 0.7]


def test_filepath_fields_and_one_file_per_epoch(tmp_path):
    calls = []
    model = _with_stand_in_saving(_model(), calls)
    path = str(tmp_path / "ckpt" / "w-{epoch:02d}-{val_loss:.2f}.weights.h5")
    _fit(model, [_scripted(cornu, "val_loss", CURVE),
                 ModelCheckpoint(path, save_weights_only=True)])
    assert calls == [("save_weights", f"w-{e + 1:02d}-{v:.2f}.weights.h5")
                     for e, v in enumerate(CURVE)]
    assert len(os.listdir(tmp_path / "ckpt")) == 5  # the directory was created


def test_save_best_only_keeps_the_best_weights(tmp_path):
    calls, snapshots = [], []
    model = _with_stand_in_saving(_model(), calls)
    path = str(tmp_path / "best.keras")
    _fit(model, [cornu.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights())),
        _scripted(cornu, "val_loss", CURVE), ModelCheckpoint(path, save_best_only=True)])
    assert [name for _, name in calls] == ["best.keras"] * 3  # epochs 1, 2 and 4 improved
    assert {kind for kind, _ in calls} == {"save"}
    with np.load(path) as saved:
        for i, weight in enumerate(snapshots[3]):
            np.testing.assert_array_equal(saved[f"arr_{i}"], weight)


@pytest.mark.parametrize("settings", [
    dict(save_best_only=True),
    dict(save_best_only=True, mode="max"),
    dict(save_best_only=True, initial_value_threshold=0.85),
    dict(save_best_only=False),
    dict(save_best_only=True, monitor="val_accuracy", mode="max"),
])
def test_same_files_as_keras(keras, tmp_path, settings):
    pattern = "m-{epoch:02d}.weights.h5"
    curves = {"val_loss": CURVE, "val_accuracy": [0.2, 0.4, 0.3, 0.6, 0.6]}
    written = {}
    for library in (cornu, keras):
        folder = tmp_path / library.__name__
        model = _model(library)
        if library is cornu and not hasattr(model, "save_weights"):
            _with_stand_in_saving(model, [])
        scripted = [_scripted(library, key, curve) for key, curve in curves.items()]
        _fit(model, [*scripted, library.callbacks.ModelCheckpoint(
            str(folder / pattern), save_weights_only=True, **settings)])
        written[library.__name__] = sorted(os.listdir(folder)) if folder.exists() else []
    assert written["cornu"] == written["keras"]


def test_save_freq_in_batches(tmp_path):
    calls = []
    model = _with_stand_in_saving(_model(), calls)
    path = str(tmp_path / "e{epoch}-b{batch}.weights.h5")
    _fit(model, [ModelCheckpoint(path, save_weights_only=True, save_freq=3)], epochs=2)
    # 4 batches per epoch; the count runs across epochs: batches 3, 6 (2nd of epoch 2)
    assert [name for _, name in calls] == ["e1-b3.weights.h5", "e2-b2.weights.h5"]


def test_keras2_period_saves_every_n_epochs(tmp_path):
    calls = []
    model = _with_stand_in_saving(_model(), calls)
    with pytest.warns(DeprecationWarning, match="period"):
        callback = ModelCheckpoint(str(tmp_path / "w{epoch}.weights.h5"),
                                   save_weights_only=True, period=2)
    _fit(model, [callback])
    assert [name for _, name in calls] == ["w2.weights.h5", "w4.weights.h5"]


def test_only_epoch_checkpoints_skip_batch_hooks():
    assert not ModelCheckpoint("m.keras")._needs_batch_hooks("train")
    assert ModelCheckpoint("m.keras", save_freq=5)._needs_batch_hooks("train")


@pytest.mark.parametrize(("path", "weights_only", "match"), [
    ("model.txt", False, "must end in '.keras'"),
    ("model.keras", True, "must end in '.weights.h5'"),
])
def test_bad_suffix(path, weights_only, match):
    with pytest.raises(ValueError, match=match):
        ModelCheckpoint(path, save_weights_only=weights_only)


def test_bad_field_in_filepath(tmp_path):
    model = _with_stand_in_saving(_model(), [])
    with pytest.raises(KeyError, match="val_auc"):
        _fit(model, [ModelCheckpoint(str(tmp_path / "{val_auc}.keras"))], epochs=1)


def test_directory_as_filepath_is_explained(tmp_path):
    (tmp_path / "dir.keras").mkdir()
    model = _with_stand_in_saving(_model(), [])
    with pytest.raises(OSError, match="existing directory"):
        _fit(model, [ModelCheckpoint(str(tmp_path / "dir.keras"))], epochs=1)


def test_real_weights_file_round_trip(tmp_path):
    model = _model()
    if not hasattr(model, "save_weights") or not hasattr(model, "load_weights"):
        pytest.skip("model.save_weights is not available (cornu.saving not installed yet)")
    path = str(tmp_path / "best.weights.h5")
    _fit(model, [ModelCheckpoint(path, save_weights_only=True)], epochs=2)
    other = _model()
    other.load_weights(path)
    for ours, theirs in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(ours, theirs)


def test_real_keras_file_of_the_best_epoch(tmp_path):
    load_model = getattr(cornu.saving, "load_model", None) or getattr(
        cornu.models, "load_model", None)
    if load_model is None or not hasattr(_model(), "save"):
        pytest.skip("model.save / load_model are not available (cornu.saving not ready yet)")
    snapshots = []
    model = _model()
    path = str(tmp_path / "best.keras")
    _fit(model, [cornu.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights())),
        _scripted(cornu, "val_loss", CURVE), ModelCheckpoint(path, save_best_only=True)])
    loaded = load_model(path)
    for ours, best in zip(loaded.get_weights(), snapshots[3]):
        np.testing.assert_array_equal(ours, best)


def test_verbose_lines(tmp_path, capsys):
    model = _with_stand_in_saving(_model(), [])
    _fit(model, [_scripted(cornu, "val_loss", CURVE),
                 ModelCheckpoint(str(tmp_path / "m.keras"), save_best_only=True, verbose=1)],
         epochs=3)
    out = capsys.readouterr().out
    assert "Epoch 2: val_loss improved from 1.00000 to 0.80000, saving model to" in out
    assert "Epoch 3: val_loss did not improve from 0.80000" in out
