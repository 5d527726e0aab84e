"""Fixtures of the seed tests: a forked ``cornu run`` runner and a local data mirror."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _seedlib  # noqa: E402


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """Small MNIST / Fashion-MNIST files served on 127.0.0.1; yields (url, info)."""
    folder = tmp_path_factory.mktemp("mirror")
    info = _seedlib.write_datasets(folder)
    server = _seedlib.Mirror(folder)
    try:
        yield server.url, info
    finally:
        server.close()


@pytest.fixture(scope="module")
def runner(tmp_path_factory, mirror):
    """Runs scripts through ``cornu run`` in forked children of one fresh process.

    HOME and CORNU_HOME are empty folders (no config file, no cached data sets) and data
    sets download from the local mirror.
    """
    if not hasattr(os, "fork"):
        pytest.skip("the seed runner forks one process per block (needs os.fork)")
    home = tmp_path_factory.mktemp("home")
    env = {"HOME": str(home), "CORNU_HOME": str(home / ".cornu"), "MPLBACKEND": "Agg",
           "CORNU_DATASETS_MIRROR": mirror[0], "PYTHONWARNINGS": ""}
    run = _seedlib.Runner(tmp_path_factory.mktemp("runs"), env)
    try:
        yield run
    finally:
        run.close()


@pytest.fixture(scope="module")
def mnist_setup(mirror):
    """Setup code for a child: accept the mirror's small ``mnist.npz`` (cornu checks the
    real file's sha256)."""
    return f"import cornu.datasets.mnist as m\nm._SHA256 = {mirror[1]['mnist_sha256']!r}\n"
