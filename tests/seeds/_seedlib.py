"""Helpers of the seed tests: the verbatim blocks, the forked runner, the data mirror."""

from __future__ import annotations

import ast
import functools
import gzip
import hashlib
import http.server
import json
import os
import pathlib
import re
import struct
import subprocess
import sys
import threading

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
BLOCKS = HERE / "blocks"
# The seed documents, when this checkout sits next to them (not on CI).
SEEDS = pathlib.Path(os.environ.get("CORNU_SEEDS_DIR", REPO.parent / "shared" / "seeds"))

SEED_FILES = {
    "000": "000_745144d9a62a13ec.txt",
    "001": "001_5d955f78e44a7c9e.txt",
    "002": "002_0f3028b85fcb6511.txt",
    "003": "003_d198c9b7761c3382.txt",
    "004": "004_dbff80f5eb34c10e.txt",
}
# Seed 001 is plain text without code fences: its code blocks by (first, last) line.
PLAIN_BLOCKS_001 = [(105, 122), (143, 144), (152, 153), (157, 160), (166, 168), (174, 174),
                    (180, 180), (195, 216), (222, 222), (252, 260), (270, 276), (298, 312),
                    (328, 331)]


def block(seed: str, index: int) -> str:
    """The stored verbatim text of code block ``index`` of seed ``seed``."""
    return (BLOCKS / f"s{seed}_b{index:02d}.txt").read_text(encoding="utf-8")


def extract_blocks(text: str, seed: str) -> list[str]:
    """The code blocks of a seed document (fenced ``` / ~~~, or seed 001's line ranges)."""
    lines = text.split("\n")
    if seed == "001":
        return ["\n".join(lines[a - 1:b]) + "\n" for a, b in PLAIN_BLOCKS_001]
    blocks, current, fence = [], None, None
    for line in lines:
        match = re.match(r"^\s*(```+|~~~+)", line)
        if match and current is None:
            current, fence = [], match.group(1)[0]
        elif match and match.group(1)[0] == fence:
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def script(*parts: str) -> str:
    """A script made of ``parts`` (preamble, the verbatim block, postamble) in order."""
    return "\n".join(p if p.endswith("\n") else p + "\n" for p in parts if p)


class Runner:
    """A fresh Python process that forks one child per ``cornu run`` (see _seedrun.py)."""

    def __init__(self, workdir: pathlib.Path, env: dict):
        self.workdir = workdir
        full_env = dict(os.environ)
        full_env.update(env)
        full_env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
        self.proc = subprocess.Popen(
            [sys.executable, "-u", str(HERE / "_seedrun.py")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, cwd=str(REPO), env=full_env, text=True)
        self.count = 0

    def run(self, source: str, args: tuple = (), setup: str | None = None,
            env: dict | None = None, timeout: float = 120) -> tuple[int, str]:
        """Runs ``source`` with ``cornu run``; returns (exit status, stdout+stderr)."""
        self.count += 1
        folder = self.workdir / f"run{self.count:03d}"
        folder.mkdir(parents=True)
        path = folder / "seed_block.py"
        path.write_text(source, encoding="utf-8")
        request = {"script": str(path), "args": list(args), "cwd": str(folder),
                   "output": str(folder / "output.txt"), "setup": setup, "env": env or {},
                   "timeout": timeout}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        output = (folder / "output.txt").read_text(encoding="utf-8", errors="replace")
        if reply["timed_out"]:
            output += f"\n[timed out after {timeout} s]"
        return reply["rc"], output

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def result(output: str):
    """The Python literal (or JSON) a postamble printed after ``RESULT``."""
    for line in output.splitlines():
        if line.startswith("RESULT "):
            text = line[len("RESULT "):]
            try:
                return ast.literal_eval(text)
            except (ValueError, SyntaxError):
                return json.loads(text)
    raise AssertionError(f"no RESULT line in the output:\n{output[-3000:]}")


# --- the local data mirror -----------------------------------------------------------------
def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return gzip.compress(header + array.astype("uint8").tobytes())


def _digits(n: int, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """``n`` 28x28 uint8 images whose label is readable from the image (a bright band)."""
    labels = rng.randint(0, 10, n).astype("uint8")
    images = rng.randint(0, 60, (n, 28, 28)).astype("uint8")
    for i, label in enumerate(labels):
        images[i, 2 * label + 4: 2 * label + 7, 4:24] = 250
    return images, labels


def write_datasets(folder: pathlib.Path, n_train: int = 600, n_test: int = 100) -> dict:
    """Small, format-faithful MNIST (.npz) and Fashion-MNIST (IDX .gz) files in ``folder``.

    Returns ``{"mnist_sha256": ...}`` (cornu checks MNIST's hash).
    """
    rng = np.random.RandomState(0)
    x_train, y_train = _digits(n_train, rng)
    x_test, y_test = _digits(n_test, rng)
    np.savez(folder / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test,
             y_test=y_test)
    for name, array in [("train-labels-idx1-ubyte.gz", y_train),
                        ("train-images-idx3-ubyte.gz", x_train),
                        ("t10k-labels-idx1-ubyte.gz", y_test),
                        ("t10k-images-idx3-ubyte.gz", x_test)]:
        (folder / name).write_bytes(_idx(array))
    digest = hashlib.sha256((folder / "mnist.npz").read_bytes()).hexdigest()
    return {"mnist_sha256": digest}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Mirror:
    """Serves a folder on 127.0.0.1 (``CORNU_DATASETS_MIRROR`` points at ``url``)."""

    def __init__(self, folder: pathlib.Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
