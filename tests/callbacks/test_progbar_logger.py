"""ProgbarLogger: the same output as Keras 3 for the same hook calls and clock."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from collections.abc import Mapping

import numpy as np
import pytest

from cornu.callbacks import CallbackList, ProgbarLogger
from cornu.utils import progbar as progbar_module

os.environ.setdefault("KERAS_BACKEND", "torch")

_CONTROL = re.compile(r"\x1b\[[0-9;]*m|[\b]")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
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
    monkeypatch.setattr(progbar_module, "_in_notebook_or_ide", lambda: False)


@pytest.fixture
def keras_logger():
    pytest.importorskip("keras")
    from keras.src.callbacks.progbar_logger import ProgbarLogger as KerasProgbarLogger

    return KerasProgbarLogger


def fit_events(epochs, steps, dt, seed=0, validation=True, known_steps=None):
    """Hook calls of a fit: [(time, hook, args)], batch logs with keys NOT sorted."""
    rng = np.random.default_rng(seed)
    now, events = 1000.0, [(1000.0, "on_train_begin", ({},))]
    n_steps = steps if steps is not None else known_steps
    for epoch in range(epochs):
        events.append((now, "on_epoch_begin", (epoch, {})))
        for batch in range(n_steps):
            now += dt
            logs = {"loss": float(rng.uniform(0, 2)), "accuracy": float(rng.uniform(0, 1))}
            events.append((now, "on_train_batch_begin", (batch, {})))
            events.append((now, "on_train_batch_end", (batch, logs)))
        epoch_logs = dict(logs)
        if validation:
            events.append((now, "on_test_begin", ({},)))
            for batch in range(3):
                now += dt / 3
                events.append((now, "on_test_batch_end", (batch, {"loss": 9.0})))
            events.append((now, "on_test_end", ({"loss": 0.5, "accuracy": 0.625},)))
            epoch_logs.update(val_loss=0.5, val_accuracy=0.625)
        events.append((now, "on_epoch_end", (epoch, epoch_logs)))
    events.append((now, "on_train_end", (epoch_logs,)))
    return events


def eval_events(mode, steps, dt):
    begin, batch_end, end = (f"on_{mode}_begin", f"on_{mode}_batch_end", f"on_{mode}_end")
    now, events = 1000.0, [(1000.0, begin, ({},))]
    for batch in range(steps):
        now += dt
        logs = {"outputs": np.zeros(2)} if mode == "predict" else {"mae": 1.0 / (batch + 1)}
        events.append((now, batch_end, (batch, logs)))
    final = {} if mode == "predict" else {"mae": 0.125, "loss": 0.25}
    events.append((now, end, (final,)))
    return events


def _sorted(args):
    return tuple(dict(sorted(a.items())) if isinstance(a, Mapping) else a for a in args)


def _run_keras(cls, events, params, clock, monkeypatch, stream):
    """Keras's logger sees what Keras's CallbackList would hand it: sorted logs."""
    monkeypatch.setattr(sys, "stdout", stream)
    logger = cls()
    logger.set_params(params)
    for now, hook, args in events:
        clock.now = now
        getattr(logger, hook)(*_sorted(args))
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    return stream.getvalue()


def _run_cornu(events, params, clock, monkeypatch, stream):
    monkeypatch.setattr(sys, "stdout", stream)
    callbacks = CallbackList(add_progbar=True, **params)
    for now, hook, args in events:
        clock.now = now
        getattr(callbacks, hook)(*args)
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    return stream.getvalue()


SCENARIOS = {
    "fit_2_epochs": dict(events=fit_events(2, 6, 0.02), epochs=2, steps=6),
    "fit_1_epoch_no_validation": dict(
        events=fit_events(1, 40, 0.004, validation=False), epochs=1, steps=40
    ),
    "fit_slow_steps": dict(events=fit_events(2, 4, 35.0, seed=3), epochs=2, steps=4),
    "fit_unknown_steps": dict(
        events=fit_events(3, None, 0.03, known_steps=7), epochs=3, steps=None
    ),
    "evaluate": dict(events=eval_events("test", 9, 0.01), epochs=1, steps=9),
    "predict": dict(events=eval_events("predict", 12, 0.0003), epochs=1, steps=12),
    "predict_unknown_steps": dict(events=eval_events("predict", 5, 0.2), epochs=1, steps=None),
}


@pytest.mark.parametrize("verbose", [1, 2, "auto"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_matches_keras_on_a_terminal(name, verbose, clock, monkeypatch, keras_logger):
    spec = SCENARIOS[name]
    params = {"verbose": verbose, "epochs": spec["epochs"], "steps": spec["steps"]}
    expected = _run_keras(keras_logger, spec["events"], params, clock, monkeypatch, FakeTTY())
    got = _run_cornu(spec["events"], params, clock, monkeypatch, FakeTTY())
    assert got == expected
    assert expected  # something was printed


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("name", ["fit_2_epochs", "fit_unknown_steps", "evaluate", "predict"])
def test_without_a_terminal_prints_each_final_line_once(
    name, verbose, clock, monkeypatch, keras_logger
):
    spec = SCENARIOS[name]
    params = {"verbose": verbose, "epochs": spec["epochs"], "steps": spec["steps"]}
    keras_text = _run_keras(keras_logger, spec["events"], params, clock, monkeypatch, FakeTTY())
    got = _run_cornu(spec["events"], params, clock, monkeypatch, io.StringIO())

    assert not re.search(r"[\x00-\x09\x0b-\x1f]", got)  # no control character but "\n"
    expected = [
        _CONTROL.sub("", line.split("\r")[-1]).rstrip()
        for line in keras_text.rstrip("\n").split("\n")
    ]
    assert got.splitlines() == expected
    n_epochs = spec["epochs"] if name.startswith("fit") else 1
    assert len(got.splitlines()) == n_epochs * (2 if n_epochs > 1 else 1)


def test_fit_output_reads_like_a_tutorial(clock, monkeypatch):
    events = fit_events(2, 100, 0.000709)  # validation adds 1 step of time: 716us
    params = {"verbose": 1, "epochs": 2, "steps": 100}
    lines = _run_cornu(events, params, clock, monkeypatch, io.StringIO()).splitlines()
    assert lines[0] == "Epoch 1/2"
    assert re.fullmatch(
        r"100/100 ━{20} 0s 716us/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
        r" - val_accuracy: 0\.6250 - val_loss: 0\.5000",
        lines[1],
    )
    assert lines[2] == "Epoch 2/2"


class CountingLogs(Mapping):
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


def test_batch_logs_are_read_only_when_a_line_is_printed(clock, monkeypatch):
    monkeypatch.setattr(sys, "stdout", FakeTTY())
    callbacks = CallbackList(add_progbar=True, verbose=1, epochs=1, steps=30)
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    batch_logs = []
    for batch in range(30):
        clock.now = 1000.0 + (batch + 1) / 128  # exact binary steps: a redraw every 7th
        logs = CountingLogs({"loss": np.float32(0.5), "accuracy": np.float32(0.25)})
        batch_logs.append(logs)
        callbacks.on_train_batch_end(batch, logs)
    callbacks.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.25})
    read = [batch for batch, logs in enumerate(batch_logs) if logs.reads]
    assert read == [0, 7, 14, 21, 28]  # the last step is drawn from the epoch logs
    assert sys.stdout.getvalue().endswith("- accuracy: 0.2500 - loss: 0.5000\n")


def test_verbose_2_and_no_terminal_read_no_batch_logs(clock, monkeypatch):
    for verbose, stream in ((2, FakeTTY()), (1, io.StringIO())):
        monkeypatch.setattr(sys, "stdout", stream)
        callbacks = CallbackList(add_progbar=True, verbose=verbose, epochs=1, steps=5)
        callbacks.on_train_begin()
        callbacks.on_epoch_begin(0)
        logs = CountingLogs({"loss": 1.0})
        for batch in range(5):
            clock.now += 1.0
            callbacks.on_train_batch_end(batch, logs)
        callbacks.on_epoch_end(0, {"loss": 1.0})
        assert logs.reads == 0


def test_evaluate_after_fit_with_the_same_logger_shows_a_bar(clock, monkeypatch):
    logger = ProgbarLogger()  # a user's instance, passed to fit() and then to evaluate()
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    for events, steps in ((fit_events(1, 3, 0.1), 3), (eval_events("test", 2, 0.1), 2)):
        callbacks = CallbackList([logger], verbose=1, epochs=1, steps=steps)
        for now, hook, args in events:
            clock.now = now
            getattr(callbacks, hook)(*args)
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("3/3 ") and lines[0].endswith("val_loss: 0.5000")
    assert lines[1].startswith("2/2 ") and lines[1].endswith("- mae: 0.1250 - loss: 0.2500")


def test_bad_verbose():
    with pytest.raises(ValueError, match="verbose"):
        ProgbarLogger().set_params({"verbose": 3, "epochs": 1, "steps": 1})
