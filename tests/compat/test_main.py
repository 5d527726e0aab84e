"""The ``cornu`` command: ``run``, ``info``, ``--version`` (in-process and as a real process)."""

import os
import pathlib
import subprocess
import sys

import pytest

import cornu
from cornu import __main__ as cli

REPO = pathlib.Path(__file__).resolve().parents[2]

KERAS1_SCRIPT = """\
import sys
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.optimizers import SGD
model = Sequential()
model.add(Dense(output_dim=1, input_dim=2, init='zero'))
model.add(Activation('linear'))
model.compile(loss='mse', optimizer=SGD(lr=0.1))
X = np.random.RandomState(0).rand(64, 2)
model.fit(X, X.sum(axis=1), nb_epoch=3, batch_size=16, verbose=0)
print('args', sys.argv[1:], 'main' if __name__ == '__main__' else __name__)
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0)
"""


@pytest.fixture(autouse=True)
def _restore_interpreter_state(monkeypatch):
    """``run`` changes sys.argv/sys.path and installs the import hook: undo all three."""
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    cornu.compat.uninstall()


def test_version_and_help(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"cornu {cornu.__version__}\n"
    assert cli.main(["--help"]) == 0 and "cornu run script.py" in capsys.readouterr().out
    assert cli.main([]) == 2
    assert cli.main(["fly"]) == 2 and "unknown command 'fly'" in capsys.readouterr().err


def test_info_lists_versions_backend_and_devices():
    text = cli.info()
    assert text.startswith(f"cornu {cornu.__version__}\n")
    assert f"backend: {cornu.backend.backend()}" in text
    assert "numpy " in text and "devices: cpu" in text and "engine: torch " in text


def test_run_script_in_process(tmp_path, capsys):
    script = tmp_path / "keras1.py"
    script.write_text(KERAS1_SCRIPT)
    assert cli.main(["run", str(script), "x", "--flag"]) == 0
    assert "args ['x', '--flag'] main" in capsys.readouterr().out
    assert cli.main(["run", str(script), "3"]) == 3  # the script's sys.exit status
    assert cli.main(["run", str(tmp_path / "missing.py")]) == 2
    assert cli.main(["run", "-c"]) == 2


def test_run_code_and_module(tmp_path, capsys, monkeypatch):
    assert cli.main(["run", "-c", "import keras; print(keras.Sequential.__module__)"]) == 0
    assert capsys.readouterr().out.strip() == "cornu.models.sequential"
    (tmp_path / "keras_module_demo.py").write_text(
        "import keras.utils.np_utils as u\nprint(u.to_categorical([1], 3).tolist())\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "-m", "keras_module_demo"]) == 0
    assert capsys.readouterr().out.strip() == "[[0.0, 1.0, 0.0]]"


def _cornu(*args, cwd=REPO):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, "-m", "cornu", *args], capture_output=True,
                          text=True, env=env, cwd=str(cwd), timeout=120)


def test_python_dash_m_cornu_run(tmp_path):
    script = tmp_path / "keras1.py"
    script.write_text(KERAS1_SCRIPT)
    done = _cornu("run", str(script), "5")
    assert done.returncode == 5, done.stderr
    assert "args ['5'] main" in done.stdout
    # Each Keras 1 spelling is shown once, with its modern form.
    assert done.stderr.count("`output_dim=` is the Keras 1/2 name; use `units=`") == 1
    assert "`keras.layers.core` is a Keras 1/2 module path" in done.stderr
    assert "`nb_epoch=` is the Keras 1 name; use `epochs=`" in done.stderr
    assert "`lr=` is the Keras 1/2 name; use `learning_rate=`" in done.stderr


def test_console_script_is_declared():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert config["project"]["scripts"]["cornu"] == "cornu.__main__:main"
