"""``save_weights("w.weights.json", max_shard_size=...)``: Keras 3's sharded layout (index +
``w_00000.weights.h5`` shards), exchanged with real Keras in both directions, written
atomically."""

import json
import os

import numpy as np
import pytest

import cornu
from cornu.saving import SavingError, sharded
from tests.saving.model_zoo import ZOO, assert_same_outputs, inputs_for, predict

# ~1 KiB shards: the conv model's layers fill the first, the optimizer state spans three.
SHARD_GB = 1e-6


def _trained_conv(lib):
    model = ZOO["conv"][0](lib)
    model.compile(optimizer=lib.optimizers.Adam(), loss="mse")
    x = inputs_for("conv")
    model.fit(x, np.zeros((3, 2), "float32"), verbose=0)
    return model


def _listing(folder):
    return sorted(f for f in os.listdir(folder) if not f.startswith("."))


@pytest.mark.parametrize("direction", ["cornu_to_keras", "keras_to_cornu"])
def test_round_trip_with_keras(keras, tmp_path, direction):
    writer, reader = (cornu, keras) if direction == "cornu_to_keras" else (keras, cornu)
    source, target = _trained_conv(writer), _trained_conv(reader)
    path = tmp_path / "model.weights.json"
    source.save_weights(str(path), max_shard_size=SHARD_GB)
    assert _listing(tmp_path) == ["model.weights.json", "model_00000.weights.h5",
                                  "model_00001.weights.h5", "model_00002.weights.h5"]
    target.load_weights(str(path))
    x = inputs_for("conv")
    assert_same_outputs(predict(source, x), predict(target, x))
    assert len(source.optimizer.variables) == len(target.optimizer.variables)
    for a, b in zip(source.optimizer.variables, target.optimizer.variables):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-6)


def test_same_index_as_keras(keras, tmp_path):
    indexes = {}
    for lib in (cornu, keras):
        folder = tmp_path / lib.__name__
        folder.mkdir()
        _trained_conv(lib).save_weights(str(folder / "m.weights.json"), max_shard_size=SHARD_GB)
        with open(folder / "m.weights.json") as handle:
            indexes[lib.__name__] = json.load(handle)
        assert _listing(folder) == ["m.weights.json"] + [
            f"m_0000{i}.weights.h5" for i in range(3)]
    ours, theirs = indexes["cornu"], indexes["keras"]
    assert ours["weight_map"] == theirs["weight_map"]
    assert set(ours) == set(theirs) == {"metadata", "weight_map"}
    # (cornu's step counter is int64, Keras-on-torch's int32: 4 bytes apart.)
    assert abs(ours["metadata"]["total_size"] - theirs["metadata"]["total_size"]) <= 4


def test_one_large_shard_holds_everything(tmp_path):
    model = _trained_conv(cornu)
    path = tmp_path / "w.weights.json"
    model.save_weights(path, max_shard_size=1)
    weight_map = sharded.read_index(str(path))["weight_map"]
    assert weight_map["/optimizer/vars"] == ["w_00000.weights.h5"]
    assert {str(v) for v in weight_map.values()} == {"['w_00000.weights.h5']"}
    assert _listing(tmp_path) == ["w.weights.json", "w_00000.weights.h5"]
    other = _trained_conv(cornu)
    other.load_weights(path)
    x = inputs_for("conv")
    assert_same_outputs(predict(model, x), predict(other, x))


def test_weights_h5_name_becomes_json(tmp_path):
    model = ZOO["sequential"][0](cornu)
    with pytest.warns(UserWarning, match=r"w\.weights\.json"):
        model.save_weights(tmp_path / "w.weights.h5", max_shard_size=SHARD_GB)
    assert "w.weights.json" in _listing(tmp_path)
    with pytest.raises(SavingError, match=r"\.weights\.json"):
        model.save_weights(tmp_path / "w.npz", max_shard_size=SHARD_GB)


def test_variable_larger_than_a_shard_is_refused(tmp_path):
    model = cornu.Sequential([cornu.Input((64,)), cornu.layers.Dense(64)])
    with pytest.raises(SavingError, match="max_shard_size"):
        model.save_weights(tmp_path / "w.weights.json", max_shard_size=1e-6)
    assert _listing(tmp_path) == []
    with pytest.raises(SavingError, match="number > 0"):
        model.save_weights(tmp_path / "w.weights.json", max_shard_size=0)


def test_failed_save_keeps_previous_files(tmp_path, monkeypatch):
    path = tmp_path / "w.weights.json"
    first = _trained_conv(cornu)
    first.save_weights(path, max_shard_size=SHARD_GB)
    before = {name: (tmp_path / name).read_bytes() for name in _listing(tmp_path)}
    calls = {"n": 0}
    original = sharded.ShardedH5Writer.add

    def failing_add(self, entry, key, value):
        calls["n"] += 1
        if calls["n"] == 20:  # in the second shard
            raise OSError("No space left on device")
        return original(self, entry, key, value)

    monkeypatch.setattr(sharded.ShardedH5Writer, "add", failing_add)
    with pytest.raises(OSError, match="No space"):
        _trained_conv(cornu).save_weights(path, max_shard_size=SHARD_GB)
    assert sorted(os.listdir(tmp_path)) == sorted(before)  # no temporary files left
    assert {name: (tmp_path / name).read_bytes() for name in before} == before


def test_fewer_shards_remove_the_stale_ones(tmp_path):
    path = tmp_path / "w.weights.json"
    model = _trained_conv(cornu)
    (tmp_path / "w_00007.weights.h5").write_bytes(b"not ours")  # not listed: kept
    model.save_weights(path, max_shard_size=SHARD_GB)
    model.save_weights(path, max_shard_size=1)
    assert _listing(tmp_path) == ["w.weights.json", "w_00000.weights.h5",
                                  "w_00007.weights.h5"]
    with pytest.raises(SavingError, match="overwrite=False"):
        model.save_weights(path, max_shard_size=1, overwrite=False)


def test_mismatch_changes_nothing(tmp_path):
    path = tmp_path / "w.weights.json"
    cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4),
                      cornu.layers.Dense(2)]).save_weights(path, max_shard_size=1e-7)
    target = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(5),
                               cornu.layers.Dense(2)])
    before = target.get_weights()
    with pytest.raises(SavingError, match=r"\(3, 5\).*\(3, 4\)"):
        target.load_weights(path)
    for a, b in zip(before, target.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("entry, message", [
    ("../outside.weights.h5", "shard files in the index's folder"),
    ("missing_00000.weights.h5", "not in"),
])
def test_bad_index_is_refused(tmp_path, entry, message):
    path = tmp_path / "w.weights.json"
    path.write_text(json.dumps({"metadata": {"total_size": 8},
                                "weight_map": {"/layers/dense/vars": entry}}))
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    with pytest.raises(SavingError, match=message):
        model.load_weights(path)
    path.write_text("[1, 2]")
    with pytest.raises(SavingError, match="weight_map"):
        model.load_weights(path)
