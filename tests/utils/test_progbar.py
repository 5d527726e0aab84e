"""Progbar: byte-for-byte against Keras 3 on a terminal, plain text elsewhere."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from collections.abc import Mapping

import numpy as np
import pytest

from cornu.utils import progbar as progbar_module
from cornu.utils.progbar import Progbar

os.environ.setdefault("KERAS_BACKEND", "torch")

_CONTROL = re.compile(r"\x1b\[[0-9;]*m|[\r\b]")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A settable stand-in for ``time.time``."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


@pytest.fixture(autouse=True)
def plain_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # Redraw support must come from isatty() alone, whatever ran before in this process.
    monkeypatch.setattr(progbar_module, "_in_notebook_or_ide", lambda: False)


@pytest.fixture
def keras_progbar():
    pytest.importorskip("keras")
    from keras.src.utils.progbar import Progbar as KerasProgbar

    return KerasProgbar


def _drive(cls, clock, monkeypatch, steps, tty=True, **kwargs) -> str:
    """Runs ``steps`` = [(time, current, values, finalize)] and returns what was printed."""
    out = FakeTTY() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    clock.now = 1000.0
    bar = cls(**kwargs)
    for now, current, values, finalize in steps:
        clock.now = now
        bar.update(current, values, finalize=finalize)
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    return out.getvalue()


def _epoch(n, dt, rng, names=("loss", "accuracy"), signed=True):
    """n steps, dt seconds apart, with seeded metric values of several magnitudes.

    Keras formats a negative mean with %.4e at verbose=2 only (it forgets abs() there);
    cornu uses one rule for both modes (see test_small_and_negative_values_formats), so
    comparisons at verbose=2 use ``signed=False``.
    """
    low = -2 if signed else 0
    steps = []
    for i in range(1, n + 1):
        values = [(k, float(rng.uniform(low, 2)) * 10.0 ** rng.integers(-5, 2)) for k in names]
        steps.append((1000.0 + dt * i, i, values, None))
    return steps


CASES = {
    "fast_steps_us": dict(n=50, dt=0.0004, target=50),
    "ms_steps": dict(n=30, dt=0.02, target=30),
    "s_steps_eta_minutes": dict(n=12, dt=7.5, target=40),
    "eta_hours": dict(n=5, dt=900.0, target=20),
    "unknown_target": dict(n=25, dt=0.05, target=None),
    "target_0": dict(n=3, dt=0.1, target=0),
    "big_target": dict(n=40, dt=0.01, target=12345),
}


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("stateful", [None, ["loss"], ["loss", "accuracy"]])
def test_matches_keras_on_a_terminal(case, verbose, stateful, clock, monkeypatch, keras_progbar):
    spec = CASES[case]
    steps = _epoch(spec["n"], spec["dt"], np.random.default_rng(len(case)), signed=verbose == 1)
    kwargs = dict(target=spec["target"], verbose=verbose, stateful_metrics=stateful)
    expected = _drive(keras_progbar, clock, monkeypatch, steps, **kwargs)
    got = _drive(Progbar, clock, monkeypatch, steps, **kwargs)
    assert got == expected


def test_matches_keras_with_explicit_finalize_and_add(clock, monkeypatch, keras_progbar):
    steps = [
        (1000.5, 3, [("loss", 0.5)], False),
        (1001.0, 7, [("loss", 0.25), ("val_loss", 0.125)], False),
        (1090.0, 9, [("loss", 0.3), ("val_loss", 0.2)], True),
    ]
    for kwargs in (
        dict(target=10, verbose=1),
        dict(target=10, verbose=2),
        dict(target=None, verbose=1, stateless_metrics=["loss"]),
        dict(target=10, verbose=1, width=7, unit_name="sample", interval=0.0),
    ):
        expected = _drive(keras_progbar, clock, monkeypatch, steps, **kwargs)
        assert _drive(Progbar, clock, monkeypatch, steps, **kwargs) == expected

    outputs = []
    for cls in (keras_progbar, Progbar):
        out = FakeTTY()
        monkeypatch.setattr(sys, "stdout", out)
        clock.now = 1000.0
        bar = cls(target=6)
        for i in range(3):
            clock.now += 0.2
            bar.add(2, [("loss", 1.0 / (i + 1))])
        outputs.append(out.getvalue())
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    assert outputs[1] == outputs[0]


def test_format_of_a_finished_line(clock, monkeypatch):
    steps = [(1000.0 + 0.000709 * i, i, [("loss", 0.0388)], None) for i in range(1, 101)]
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=100, verbose=1)
    assert got == "100/100 ━━━━━━━━━━━━━━━━━━━━ 0s 709us/step - loss: 0.0388\n"
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=100, verbose=2)
    assert got == "100/100 - 0s - 709us/step - loss: 0.0388\n"


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("case", ["fast_steps_us", "ms_steps", "unknown_target"])
def test_without_a_terminal_prints_plain_final_line_once(
    case, verbose, clock, monkeypatch, keras_progbar
):
    spec = CASES[case]
    steps = _epoch(spec["n"], spec["dt"], np.random.default_rng(7), signed=verbose == 1)
    steps[-1] = (*steps[-1][:3], True)
    kwargs = dict(target=spec["target"], verbose=verbose, stateful_metrics=["accuracy"])
    keras_text = _drive(keras_progbar, clock, monkeypatch, steps, **kwargs)
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, **kwargs)

    assert not re.search(r"[\x00-\x09\x0b-\x1f]", got)  # no control character but "\n"
    if not keras_text:  # verbose=2 with no known target prints nothing, in both
        assert got == ""
        return
    assert got.count("\n") == 1 and got.endswith("\n")
    final_keras_line = _CONTROL.sub("", keras_text.rstrip("\n").split("\r")[-1]).rstrip()
    assert got == final_keras_line + "\n"


def test_plain_bar_shows_the_part_left_to_do(clock, monkeypatch):
    steps = [(1002.0, 5, None, True)]
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=10, width=10)
    assert got == " 5/10 ━━━━━───── 2s 400ms/step\n"


class CountingLogs(Mapping):
    """A lazy mapping: each value is computed, and counted, when it is read."""

    def __init__(self, values: dict) -> None:
        self._values = values
        self.reads = 0

    def __getitem__(self, key):
        self.reads += 1
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def test_stateful_values_are_read_only_when_printed(clock, monkeypatch):
    monkeypatch.setattr(sys, "stdout", FakeTTY())
    bar = Progbar(target=40, stateful_metrics=["loss", "mae"], interval=0.05)
    all_logs = []
    for i in range(1, 41):
        clock.now = 1000.0 + i / 128  # exact binary steps: a redraw every 7th step (>= 50 ms)
        logs = CountingLogs({"loss": np.float32(1.0 / i), "mae": np.float64(2.0)})
        all_logs.append(logs)
        bar.update(i, logs)
    printed_steps = [i + 1 for i, logs in enumerate(all_logs) if logs.reads]
    assert printed_steps == [1, 8, 15, 22, 29, 36, 40]  # ..., and the final step
    assert all(all_logs[i - 1].reads == 2 for i in printed_steps)
    assert sys.stdout.getvalue().endswith(" - loss: 0.0250 - mae: 2.0000\n")


def test_nothing_is_read_without_a_terminal_until_the_end(clock, monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    bar = Progbar(target=3, stateful_metrics=["loss"])
    logs = [CountingLogs({"loss": 0.5}) for _ in range(3)]
    for i, step_logs in enumerate(logs, start=1):
        clock.now += 1.0
        bar.update(i, step_logs)
    assert [step_logs.reads for step_logs in logs] == [0, 0, 1]


def test_silent_bar_reads_and_prints_nothing(clock, monkeypatch, capsys):
    bar = Progbar(target=2, verbose=0)
    logs = CountingLogs({"loss": 1.0})
    bar.update(1, logs)
    bar.update(2, logs)
    assert logs.reads == 0
    assert capsys.readouterr().out == ""


def test_tensor_values_are_converted_with_float(clock, monkeypatch):
    torch = pytest.importorskip("torch")
    values = [
        ("loss", torch.tensor(0.25)),
        ("acc", np.float32(0.5)),
        ("vec", np.array([1.0, 3.0])),  # several elements: shown as their mean
        ("name", "adam"),  # not a number: shown as text
    ]
    steps = [(1001.0, 1, values, None)]
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=1, stateful_metrics=["name"])
    assert got.endswith(" - loss: 0.2500 - acc: 0.5000 - vec: 2.0000 - name: adam\n")


def test_averaging_weights_each_update_by_the_steps_it_covers(clock, monkeypatch):
    steps = [(1001.0, 2, [("loss", 1.0)], None), (1002.0, 6, [("loss", 2.0)], None)]
    got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=10, verbose=1)
    assert got == ""  # not finished: nothing printed without a terminal
    bar_out = FakeTTY()
    monkeypatch.setattr(sys, "stdout", bar_out)
    clock.now = 1000.0
    bar = Progbar(target=10)
    for now, current, values, _ in steps:
        clock.now = now
        bar.update(current, values)
    assert bar_out.getvalue().rstrip().endswith(f" - loss: {(2 * 1.0 + 4 * 2.0) / 6:.4f}")


def test_small_and_negative_values_formats(clock, monkeypatch):
    values = [("a", -0.5), ("b", 0.0), ("c", 1e-4), ("d", -2e-5), ("e", 123.456)]
    steps = [(1001.0, 1, values, None)]
    for verbose in (1, 2):
        got = _drive(Progbar, clock, monkeypatch, steps, tty=False, target=1, verbose=verbose)
        assert got.endswith(
            " - a: -0.5000 - b: 0.0000e+00 - c: 1.0000e-04 - d: -2.0000e-05 - e: 123.4560\n"
        )


def test_unencodable_bar_falls_back_to_ascii(clock, monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    bar = Progbar(target=4, width=4)
    clock.now += 1.0
    bar.update(4, [("loss", 0.5)])
    stream.flush()
    assert raw.getvalue().decode("ascii") == "4/4 ==== 1s 250ms/step - loss: 0.5000\n"


def test_argument_errors():
    with pytest.raises(ValueError, match="stateful_metrics.*stateless_metrics"):
        Progbar(10, stateful_metrics=["a"], stateless_metrics=["b"])
    with pytest.raises(ValueError, match="verbose"):
        Progbar(10, verbose=3)
    with pytest.raises(TypeError, match="'loss'"):
        Progbar(10, verbose=2).update(1, [("loss", "high")])


def test_defaults_match_keras(keras_progbar):
    import inspect

    ours = inspect.signature(Progbar).parameters
    theirs = inspect.signature(keras_progbar).parameters
    assert list(ours) == list(theirs)
    assert {k: p.default for k, p in ours.items()} == {k: p.default for k, p in theirs.items()}
