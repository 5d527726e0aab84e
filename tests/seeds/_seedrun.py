"""Runs seed scripts through ``cornu run``, each in its own forked process.

Started once per test module as ``python _seedrun.py``: it imports cornu (the slow part)
once, then for each JSON request on stdin forks a child that runs
``cornu.__main__.main(["run", script, *args])`` with stdout/stderr going to a file, and
answers ``{"rc": ..., "timed_out": ...}`` on stdout. Forking from this fresh process (which
never ran engine math) keeps each block isolated without paying the import every time.
"""

import json
import os
import signal
import sys
import time
import traceback

import numpy as np

import cornu
import cornu.__main__ as cornu_main


def _child(request: dict) -> int:
    os.chdir(request["cwd"])
    os.environ.update(request.get("env", {}))
    out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    np.random.seed(1234)
    cornu.utils.set_random_seed(1234)
    if request.get("setup"):
        exec(request["setup"], {"__name__": "_seed_setup"})
    return cornu_main.main(["run", request["script"], *request.get("args", [])])


def _run(request: dict) -> dict:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = _child(request)
        except BaseException:  # noqa: BLE001 - report anything, then leave the child
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code if isinstance(code, int) else 1)
    deadline = time.monotonic() + request.get("timeout", 120)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"rc": os.waitstatus_to_exitcode(status), "timed_out": False}
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return {"rc": -9, "timed_out": True}
        time.sleep(0.02)


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        reply = _run(json.loads(line))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
