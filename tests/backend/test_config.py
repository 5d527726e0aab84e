"""Configuration from the environment and from ~/.cornu/cornu.json; Variables."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import cornu
from cornu import backend


def _run(code, env):
    full = {**os.environ, **env}
    full.pop("CORNU_BACKEND", None) if "CORNU_BACKEND" not in env else None
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full, cwd=os.path.dirname(os.path.dirname(cornu.__file__)))


def test_config_file_and_environment(tmp_path):
    (tmp_path / "cornu.json").write_text(json.dumps(
        {"floatx": "float64", "epsilon": 1e-5, "image_data_format": "channels_first"}))
    code = ("import cornu.backend as b; print(b.backend(), b.floatx(), b.epsilon(), "
            "b.image_data_format())")
    out = _run(code, {"CORNU_HOME": str(tmp_path)})
    assert out.stdout.split() == ["torch", "float64", "1e-05", "channels_first"], out.stderr
    out = _run(code, {"CORNU_HOME": str(tmp_path), "CORNU_FLOATX": "float16"})
    assert out.stdout.split()[1] == "float16"


def test_unknown_backend_is_a_clear_error(tmp_path):
    out = _run("import cornu", {"CORNU_HOME": str(tmp_path), "CORNU_BACKEND": "theano"})
    assert out.returncode != 0
    assert "Unknown cornu backend 'theano'" in out.stderr


def test_setters_validate():
    with pytest.raises(ValueError, match="float8"):
        backend.set_floatx("float8")
    with pytest.raises(ValueError, match="channels_middle"):
        backend.set_image_data_format("channels_middle")


def test_variable_basics():
    v = cornu.Variable(np.ones((2, 2), "float32"), name="w")
    assert v.name == "w" and v.trainable
    v.assign(np.full((2, 2), 3.0))
    v.assign_add(np.ones((2, 2)))
    v.assign_sub(np.full((2, 2), 0.5))
    np.testing.assert_allclose(v.numpy(), np.full((2, 2), 3.5))
    np.testing.assert_allclose(np.asarray(v), np.full((2, 2), 3.5))
    with pytest.raises(ValueError, match=r"shape \(2, 2\).*shape \(3,\)"):
        v.assign(np.ones(3))
    v.trainable = False
    assert not v.requires_grad
    init = cornu.Variable(cornu.initializers.Ones(), shape=(3,), name="o")
    np.testing.assert_array_equal(init.numpy(), np.ones(3))
    assert "path=o" in repr(init)
