"""Progbar without a terminal: a plain line with the time left every `log_interval`."""

import io
import re
import sys
import time

import pytest

from cornu.utils import progbar as progbar_module
from cornu.utils.progbar import Progbar


@pytest.fixture
def log_stdout(monkeypatch):
    """Installs, when called in the test, a non-TTY stdout and a settable clock."""

    def install():
        monkeypatch.setattr(progbar_module, "_in_notebook_or_ide", lambda: False)
        stream = io.StringIO()  # not a TTY: what a log file or CI sees
        monkeypatch.setattr(sys, "stdout", stream)
        now = [1000.0]
        monkeypatch.setattr(time, "time", lambda: now[0])
        return stream, now

    return install


def test_periodic_lines_with_eta(log_stdout):
    stream, now = log_stdout()
    bar = Progbar(target=100, stateful_metrics=["loss"])
    for step in range(1, 101):
        now[0] += 1.0  # 1 s per step: a line at 30 s, 60 s, 90 s, and the final one
        bar.update(step, {"loss": 1.0 / step})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4
    assert not re.search(r"[\r\b\x1b]", stream.getvalue())
    assert lines[0].startswith(" 30/100 ") and " 1:10 " in lines[0]  # 70 steps x 1 s left
    assert lines[1].startswith(" 60/100 ") and " 40s " in lines[1]
    assert lines[-1].startswith("100/100 ") and lines[-1].endswith("loss: 0.0100")


def test_short_runs_print_only_the_final_line(log_stdout):
    stream, now = log_stdout()
    bar = Progbar(target=10)
    for step in range(1, 11):
        now[0] += 0.5
        bar.update(step, [("loss", 0.5)])
    assert stream.getvalue().count("\n") == 1


def test_interval_is_adjustable(log_stdout, monkeypatch):
    stream, now = log_stdout()
    monkeypatch.setattr(Progbar, "log_interval", 2.0)
    bar = Progbar(target=6)
    for step in range(1, 7):
        now[0] += 1.0
        bar.update(step)
    assert [line.split()[0] for line in stream.getvalue().splitlines()] == ["2/6", "4/6", "6/6"]
