import os

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _seed():
    import cornu

    cornu.utils.set_random_seed(1234)
    yield


@pytest.fixture
def keras():
    """Real Keras 3 on the torch backend, as an oracle (skips when absent)."""
    return pytest.importorskip("keras")


def assert_close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


# Helper scripts (GPU checks, references) are not test modules, even under --doctest-modules.
collect_ignore_glob = ["_*.py", "*/_*.py", "*/*/_*.py", "*/*/*/_*.py"]


# Shared by the get_file and dataset tests: a local HTTP server and a fresh home.
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(tmp_path):
    """Serves ``tmp_path / "www"`` on 127.0.0.1; yields (folder, base_url)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh HOME (for ~/.keras) and CORNU_HOME; no mirror."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    monkeypatch.setenv("CORNU_HOME", str(h / ".cornu"))
    monkeypatch.delenv("CORNU_DATASETS_MIRROR", raising=False)
    return h

