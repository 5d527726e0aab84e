"""Loading never runs a stranger's code and fails clearly on hostile or damaged files."""

import io
import json
import os
import struct
import sys
import zipfile

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import SavingError


def _model():
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4),
                              cornu.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)
    return model


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(path, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_lambda_bytecode_is_refused_in_safe_mode(tmp_path):
    # The function leaves a trace in the environment whenever it runs.
    model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Lambda(
        lambda x: __import__("os").environ.__setitem__("CORNU_LAMBDA_RAN", "1") or x * 2.0)])
    path = tmp_path / "lambda.keras"
    model.save(path)
    os.environ.pop("CORNU_LAMBDA_RAN", None)
    with pytest.raises(SavingError, match=r"safe_mode=False"):
        cornu.saving.load_model(path)
    with pytest.raises(SavingError, match=r"safe_mode=False"):
        cornu.models.model_from_json(model.to_json())
    assert "CORNU_LAMBDA_RAN" not in os.environ
    loaded = cornu.saving.load_model(path, safe_mode=False)
    np.testing.assert_allclose(loaded.predict(np.ones((1, 2)), verbose=0), [[2.0, 2.0]])
    assert os.environ.pop("CORNU_LAMBDA_RAN") == "1"


def test_named_lambda_function_needs_custom_objects(tmp_path):
    def triple(x):
        return x * 3.0

    model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Lambda(triple)])
    path = tmp_path / "named.keras"
    model.save(path)
    with pytest.raises(SavingError, match="custom_objects"):
        cornu.saving.load_model(path)
    loaded = cornu.saving.load_model(path, custom_objects={"triple": triple})
    np.testing.assert_allclose(loaded.predict(np.ones((1, 2)), verbose=0), [[3.0, 3.0]])


@pytest.mark.parametrize("entry", [
    {"module": "os", "class_name": "system", "config": {"command": "echo pwned"},
     "registered_name": None},
    {"module": "cornu_saving_evil_module", "class_name": "Evil", "config": {},
     "registered_name": "Evil"},
    {"module": "builtins", "class_name": "function", "config": "eval",
     "registered_name": "eval"},
    {"module": "keras.utils", "class_name": "function", "config": "get_file",
     "registered_name": None},
    {"module": "cornu.saving", "class_name": "function", "config": "load_model",
     "registered_name": None},
])
def test_configs_cannot_name_foreign_code(tmp_path, entry):
    model = _model()
    path = tmp_path / "m.keras"
    model.save(path)
    members = _members(path)
    config = json.loads(members["config.json"])
    layer = dict(entry, name="evil", inbound_nodes=[])
    config["config"]["layers"].insert(1, layer)
    members["config.json"] = json.dumps(config).encode()
    _write_zip(path, members)
    before = set(sys.modules)
    with pytest.raises(SavingError):
        cornu.saving.load_model(path)
    assert set(sys.modules) - before == set()
    with pytest.raises(SavingError):
        cornu.saving.deserialize_keras_object(entry)


def test_activation_string_cannot_reach_python_builtins():
    config = cornu.saving.serialize_keras_object(cornu.layers.Dense(2))
    config["config"]["activation"] = {"module": "builtins", "class_name": "function",
                                      "config": "exec", "registered_name": "exec"}
    with pytest.raises(ValueError):
        cornu.saving.deserialize_keras_object(config)


def test_path_traversal_member_is_refused(tmp_path):
    model = _model()
    path = tmp_path / "m.keras"
    model.save(path)
    members = _members(path)
    members["../../outside.txt"] = b"x"
    _write_zip(path, members)
    with pytest.raises(SavingError, match="path traversal"):
        cornu.saving.load_model(path)
    assert not (tmp_path.parent / "outside.txt").exists()


def _patch_declared_size(blob: bytes, member: str, size: int) -> bytes:
    """Makes the central directory claim ``member`` expands to ``size`` bytes."""
    data = bytearray(blob)
    name = member.encode()
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        name_len = struct.unpack("<H", data[start + 28:start + 30])[0]
        if data[start + 46:start + 46 + name_len] == name:
            data[start + 24:start + 28] = struct.pack("<I", size)
            return bytes(data)
        start += 4


def test_zip_bomb_is_refused_before_reading(tmp_path):
    model = _model()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _members(_saved(model, tmp_path)).items():
            archive.writestr(name, data)
    bomb = _patch_declared_size(buffer.getvalue(), "model.weights.h5", 4_000_000_000)
    with pytest.raises(SavingError, match="decompression bomb"):
        cornu.saving.load_model(io.BytesIO(bomb))


def test_member_expanding_past_its_limit_is_cut_off(tmp_path):
    from cornu.saving.file_io import open_zip, read_member

    path = tmp_path / "big.keras"
    _write_zip(path, {"config.json": b"{" + b" " * 200_000 + b"}"}, zipfile.ZIP_DEFLATED)
    with open_zip(path) as archive:
        with pytest.raises(SavingError, match="expands past"):
            read_member(archive, "config.json", limit=10_000)


def _saved(model, tmp_path):
    path = tmp_path / "saved.keras"
    model.save(path)
    return path


@pytest.mark.parametrize("keep", [0, 10, 100, 1000, 5000, -22, -1])
def test_truncated_files(tmp_path, keep):
    data = _saved(_model(), tmp_path).read_bytes()
    broken = tmp_path / "broken.keras"
    broken.write_bytes(data[:keep] if keep >= 0 else data[:len(data) + keep])
    with pytest.raises(SavingError):
        cornu.saving.load_model(broken)


def test_bit_flips_are_detected(tmp_path):
    data = bytearray(_saved(_model(), tmp_path).read_bytes())
    rng = np.random.default_rng(0)
    for position in rng.integers(0, len(data), 25):
        flipped = bytearray(data)
        flipped[position] ^= 0x10
        try:
            cornu.saving.load_model(io.BytesIO(bytes(flipped)))
        except SavingError:
            pass


def _h5_with(tmp_path, build):
    model = _model()
    path = tmp_path / "w.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "a") as h5:
        build(h5)
    return model, path


def test_external_links_are_not_followed(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as h5:
        h5["data"] = np.zeros((3, 4), "float32")

    def build(h5):
        del h5["layers/dense/vars/0"]
        h5["layers/dense/vars/0"] = h5py.ExternalLink(str(other), "data")

    model, path = _h5_with(tmp_path, build)
    with pytest.raises(SavingError, match="ExternalLink"):
        model.load_weights(path)


def test_dataset_declaring_huge_size_is_refused(tmp_path):
    def build(h5):
        del h5["layers/dense/vars/0"]
        h5.create_dataset("layers/dense/vars/0", shape=(30_000, 30_000), dtype="float32",
                          chunks=(100, 100), compression="gzip")

    model, path = _h5_with(tmp_path, build)
    with pytest.raises(SavingError, match="shape"):
        model.load_weights(path)

    from cornu.saving.h5_store import read_dataset

    with h5py.File(path, "r") as h5, pytest.raises(SavingError, match="decompression bomb"):
        read_dataset(h5["layers/dense/vars/0"], "test")


def test_non_numeric_dataset_is_refused(tmp_path):
    def build(h5):
        del h5["layers/dense/vars/1"]
        h5["layers/dense/vars/1"] = np.array([b"a", b"b", b"c", b"d"])

    model, path = _h5_with(tmp_path, build)
    with pytest.raises(SavingError):
        model.load_weights(path)


def test_deeply_nested_config_is_a_clear_error(tmp_path):
    path = tmp_path / "deep.keras"
    _write_zip(path, {"config.json": b"[" * 100_000 + b"]" * 100_000,
                      "metadata.json": b"{}", "model.weights.h5": b""})
    with pytest.raises(SavingError):
        cornu.saving.load_model(path)


def test_non_model_files_are_a_clear_error(tmp_path):
    text = tmp_path / "notes.keras"
    text.write_text("hello")
    with pytest.raises(SavingError, match="damaged|not a valid"):
        cornu.saving.load_model(text)
    with pytest.raises(SavingError, match="No file"):
        cornu.saving.load_model(tmp_path / "missing.keras")
    folder = tmp_path / "folder"
    os.mkdir(folder)
    with pytest.raises(SavingError, match="config.json"):
        cornu.saving.load_model(folder)
