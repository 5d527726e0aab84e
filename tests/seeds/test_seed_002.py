"""Seed 002 ("Giới thiệu tổng quan về keras", trituenhantao.io, 2020): each code block through
``cornu run``, unchanged, in its own process (blocks stored in ``blocks/s002_bNN.txt``).

Blocks that cannot run as written, and why (each test also runs the corrected form):

- block 0: ``pip install keras`` is a shell command, not Python (cornu is the package that
  is installed; ``cornu --version`` checks it).
- block 1: ``python -c 'import keras; print(keras.__version__)'`` is a shell command; its
  cornu form is ``cornu run -c "import keras; print(keras.__version__)"``.
- block 4: the author's typo ``model.add(.Dense(256, ...))`` (a stray ".") is a SyntaxError.
"""

import os
import subprocess
import sys

from _seedlib import REPO, block, result, script

import cornu

IMPORTS = block("002", 2)  # the tutorial's own import block


def run_ok(runner, *parts, **kwargs) -> str:
    rc, output = runner.run(script(*parts), **kwargs)
    assert rc == 0, output[-4000:]
    return output


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    return subprocess.run([sys.executable, "-m", "cornu", *args], capture_output=True,
                          text=True, env=env, cwd=str(REPO), timeout=120)


def test_b00_pip_install_is_a_shell_command(runner):
    rc, output = runner.run(block("002", 0))
    assert rc != 0 and "SyntaxError" in output
    done = _cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"cornu {cornu.__version__}"


def test_b01_version_check_through_cornu_run(runner):
    rc, output = runner.run(block("002", 1))
    assert rc != 0 and "SyntaxError" in output
    done = _cli("run", "-c", "import keras; print(keras.__version__)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == cornu.__version__


def test_b02_imports(runner):
    output = run_ok(runner, IMPORTS, "import cornu\nprint('RESULT', [Sequential is "
                    "cornu.Sequential, to_categorical is cornu.utils.to_categorical, "
                    "MaxPooling2D is cornu.layers.MaxPooling2D])")
    assert result(output) == [True, True, True]


def test_b03_load_mnist_from_the_mirror(runner, mnist_setup):
    output = run_ok(runner, IMPORTS, block("002", 3),
                    "print('RESULT', [list(X_train.shape), list(y_train.shape), "
                    "float(X_train.max())])", setup=mnist_setup)
    assert result(output) == [[600, 28, 28], [600, 10], 250 / 255]


def test_b04_sequential_with_the_stray_dot(runner):
    rc, output = runner.run(script(IMPORTS, block("002", 4)))
    assert rc != 0 and "SyntaxError" in output
    corrected = block("002", 4).replace("model.add(.Dense(", "model.add(Dense(")
    output = run_ok(runner, IMPORTS, corrected)
    assert "Total params: 235,146" in output  # 784*256+256 + 256*128+128 + 128*10+10
    assert "flatten (Flatten)" in output and "(None, 784)" in output


def test_b05_functional_api(runner):
    output = run_ok(runner, IMPORTS, "from keras.layers import Concatenate\n"
                    "from keras.models import Model\n", block("002", 5),
                    "print('RESULT', [list(model.outputs[0].shape), list(concat_.shape), "
                    "model.count_params()])")
    shape, concat_shape, params = result(output)
    assert shape == [None, 10] and concat_shape == [None, 28, 56]
    assert params == (784 * 2**14 + 2**14) + (2**14 * 512 + 512) + (512 * 784 + 784) + (
        28 * 56 * 10 + 10)
