"""What ``BackupAndRestore`` writes: weights, optimizer variables, random state, position.

One ``.npz`` file, written to a temporary name and renamed, so a crash mid-write leaves
the previous backup intact.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from typing import Any

import numpy as np

from cornu import backend


def random_state() -> dict[str, Any]:
    """The state of every generator that training draws from: Python, NumPy, engine."""
    version, words, gauss = random.getstate()
    _, keys, position, has_gauss, cached = np.random.get_state(legacy=True)
    return {
        "python": (version, np.asarray(words, dtype=np.int64), gauss),
        "numpy": (np.asarray(keys), int(position), int(has_gauss), float(cached)),
        "engine": backend.random.get_global_state(),
    }


def set_random_state(state: dict[str, Any]) -> None:
    """Restores what ``random_state`` returned."""
    version, words, gauss = state["python"]
    random.setstate((version, tuple(int(w) for w in words), gauss))
    keys, position, has_gauss, cached = state["numpy"]
    np.random.set_state(("MT19937", keys, position, has_gauss, cached))
    backend.random.set_global_state(state["engine"])


def _flatten_random(prefix: str, state: dict[str, Any], out: dict, meta: dict) -> None:
    version, words, gauss = state["python"]
    keys, position, has_gauss, cached = state["numpy"]
    out[f"{prefix}/python"] = words
    out[f"{prefix}/numpy"] = keys
    for i, array in enumerate(state["engine"]):
        out[f"{prefix}/engine/{i}"] = array
    meta[prefix] = {
        "python_version": version, "python_gauss": gauss, "numpy_position": position,
        "numpy_has_gauss": has_gauss, "numpy_cached": cached,
        "engine_count": len(state["engine"]),
    }


def _unflatten_random(prefix: str, arrays: Any, meta: dict) -> dict[str, Any]:
    info = meta[prefix]
    return {
        "python": (info["python_version"], arrays[f"{prefix}/python"], info["python_gauss"]),
        "numpy": (arrays[f"{prefix}/numpy"], info["numpy_position"], info["numpy_has_gauss"],
                  info["numpy_cached"]),
        "engine": [arrays[f"{prefix}/engine/{i}"] for i in range(info["engine_count"])],
    }


def exact_learning_rate(optimizer: Any) -> float | None:
    """The constant learning rate as the optimizer computes with it (a Python float, which
    the float32 variable only rounds), or ``None`` for a schedule or no optimizer."""
    mirror = getattr(optimizer, "_lr_mirror", None)
    if mirror is None or getattr(optimizer, "_learning_rate", None) is not getattr(
            optimizer, "_lr_variable", None):
        return None
    return float(mirror.get())


def write_backup(path: str, model: Any, metadata: dict, randoms: dict[str, dict]) -> None:
    """Writes the model's weights, its optimizer's variables and ``randoms`` to ``path``."""
    arrays: dict[str, np.ndarray] = {}
    for i, weight in enumerate(model.get_weights()):
        arrays[f"model/{i}"] = np.asarray(weight)
    optimizer = getattr(model, "optimizer", None)
    optimizer_weights = optimizer.get_weights() if optimizer is not None else []
    for i, weight in enumerate(optimizer_weights):
        arrays[f"optimizer/{i}"] = np.asarray(weight)
    meta = dict(metadata)
    meta["model_count"] = len(model.get_weights())
    meta["optimizer_count"] = len(optimizer_weights)
    meta["learning_rate"] = exact_learning_rate(optimizer)
    random_meta: dict = {}
    for name, state in randoms.items():
        if state is not None:
            _flatten_random(name, state, arrays, random_meta)
    meta["random"] = random_meta
    arrays["metadata"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    directory = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def read_backup(path: str) -> tuple[dict, list, list, dict[str, dict]]:
    """``(metadata, model_weights, optimizer_weights, randoms)`` from ``write_backup``."""
    with np.load(path, allow_pickle=False) as arrays:
        meta = json.loads(arrays["metadata"].tobytes().decode("utf-8"))
        model_weights = [arrays[f"model/{i}"] for i in range(meta["model_count"])]
        optimizer_weights = [arrays[f"optimizer/{i}"] for i in range(meta["optimizer_count"])]
        randoms = {name: _unflatten_random(name, arrays, meta["random"])
                   for name in meta["random"]}
    return meta, model_weights, optimizer_weights, randoms
