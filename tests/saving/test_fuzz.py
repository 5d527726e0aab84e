"""Thousands of damaged `.keras` files: each loads or raises ``SavingError``; nothing else
escapes, nothing hangs, and the Python code stored in a file never runs."""

import faulthandler
import io
import os
import random
import zipfile

import numpy as np
import pytest

import cornu
from cornu.saving import SavingError


def _saved(model) -> bytes:
    buffer = io.BytesIO()
    model.save(buffer)
    return buffer.getvalue()


def _members(blob: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        position = rng.randrange(len(out))
        if kind < 0.6:
            out[position] ^= 1 << rng.randrange(8)
        elif kind < 0.85:
            out[position] = rng.randrange(256)
        else:
            del out[position:position + rng.randint(1, 64)]
    return bytes(out)


def _check(blob: bytes, outcomes: dict) -> None:
    try:
        cornu.saving.load_model(io.BytesIO(blob))
        outcomes["loaded"] += 1
    except SavingError:
        outcomes["refused"] += 1


@pytest.mark.filterwarnings("ignore")
def test_mutated_files_load_or_raise_saving_error():
    rng = random.Random(0)
    plain = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4),
                              cornu.layers.BatchNormalization(), cornu.layers.Dense(2)])
    plain.compile(optimizer="adam", loss="mse")
    plain.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)
    trap = cornu.Sequential([cornu.Input((3,)), cornu.layers.Lambda(
        lambda x: __import__("os").environ.__setitem__("CORNU_FUZZ_RAN", "1") or x)])
    plain_blob, trap_blob = _saved(plain), _saved(trap)
    plain_members = _members(plain_blob)
    os.environ.pop("CORNU_FUZZ_RAN", None)
    outcomes = {"loaded": 0, "refused": 0}
    faulthandler.dump_traceback_later(180, exit=True)  # a hang fails the run loudly
    try:
        for _ in range(1500):  # the raw archive: CRCs, headers, sizes
            _check(_mutate(plain_blob, rng), outcomes)
        for _ in range(300):
            _check(_mutate(trap_blob, rng), outcomes)
        for member in ("config.json", "model.weights.h5"):  # valid zips, damaged contents
            for _ in range(350):
                damaged = dict(plain_members, **{member: _mutate(plain_members[member], rng)})
                _check(_zip(damaged), outcomes)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert "CORNU_FUZZ_RAN" not in os.environ
    assert outcomes["refused"] > 1500
    assert sum(outcomes.values()) == 2500
