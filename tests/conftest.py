import os

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

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
