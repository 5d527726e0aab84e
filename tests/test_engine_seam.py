"""torch and jax are imported only inside cornu/backend/."""

import pathlib
import re

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "cornu"
IMPORT = re.compile(r"^\s*(import|from)\s+(torch|jax|jaxlib)\b", re.MULTILINE)


def test_engines_imported_only_in_backend():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "backend":
            continue
        if IMPORT.search(path.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == [], f"torch/jax imported outside cornu/backend/: {offenders}"


def test_the_check_catches_an_import(tmp_path):
    sample = "import numpy\nfrom torch import nn\n"
    assert IMPORT.search(sample)
    assert not IMPORT.search("x = 'import torch'  # not at line start\n")


def test_import_cornu_leaves_the_compiler_unloaded():
    """torch's compiler (inductor) loads on the first jit_compile step, not at import."""
    import subprocess
    import sys

    code = "import sys, cornu; print('torch._inductor' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
