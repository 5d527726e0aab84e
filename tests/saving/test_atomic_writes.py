"""A save that dies midway (killed process, full disk) leaves the previous file intact."""

import errno
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

import cornu

_CHILD = textwrap.dedent("""
    import sys, zipfile
    import numpy as np
    import cornu
    from cornu.saving import h5_store

    path, kind = sys.argv[1], sys.argv[2]

    def pause():
        print("MIDWAY", flush=True)
        sys.stdin.readline()  # blocks until the parent kills us

    if kind == "keras":
        original = zipfile.ZipFile.writestr

        def writestr(self, name, data, *args, **kwargs):
            original(self, name, data, *args, **kwargs)
            if name == "config.json":
                self.fp.flush()
                pause()

        zipfile.ZipFile.writestr = writestr
    else:
        original = h5_store._VarsWriter.__setitem__

        def setitem(self, key, value):
            original(self, key, value)
            self.group.file.flush()
            pause()

        h5_store._VarsWriter.__setitem__ = setitem
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    model.set_weights([np.full((3, 2), 7.0), np.full((2,), 7.0)])
    if kind == "keras":
        model.save(path)
    else:
        model.save_weights(path)
""")


def _model(value):
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    model.set_weights([np.full((3, 2), value), np.full((2,), value)])
    return model


@pytest.mark.parametrize("filename,kind", [("model.keras", "keras"),
                                           ("model.weights.h5", "weights")])
def test_killed_save_leaves_previous_file(tmp_path, filename, kind):
    path = tmp_path / filename
    original = _model(1.0)
    if kind == "keras":
        original.save(path)
    else:
        original.save_weights(path)
    before = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), kind],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert child.stdout.readline().strip() == b"MIDWAY"
        partial = [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
        assert len(partial) == 1 and partial[0].startswith(f".{filename}.")
    finally:
        child.kill()
        child.wait()
    assert path.read_bytes() == before
    x = np.ones((1, 3), "float32")
    if kind == "keras":
        reloaded = cornu.saving.load_model(path)
    else:
        reloaded = _model(0.0)
        reloaded.load_weights(path)
    np.testing.assert_allclose(reloaded.predict(x, verbose=0), original.predict(x, verbose=0))


def test_full_disk_during_save_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "model.keras"
    _model(1.0).save(path)
    before = path.read_bytes()
    original = zipfile.ZipFile.writestr

    def writestr(self, name, data, *args, **kwargs):
        if name == "model.weights.h5":
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    with pytest.raises(OSError, match="No space"):
        _model(2.0).save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.keras"]


def test_overwrite_false_refuses_existing_file(tmp_path):
    path = tmp_path / "model.keras"
    _model(1.0).save(path)
    with pytest.raises(cornu.saving.SavingError, match="overwrite"):
        _model(2.0).save(path, overwrite=False)


def test_saved_file_keeps_permissions(tmp_path):
    path = tmp_path / "model.keras"
    _model(1.0).save(path)
    os.chmod(path, 0o640)
    _model(2.0).save(path)
    assert os.stat(path).st_mode & 0o777 == 0o640
