"""What `run_cpu.py` and `run_gpu.py` share: fresh child processes, their results, table cells.

A child process prints one line `@@RESULT {json}` on stdout; anything else it prints is noise
(warnings, progress) and is ignored. A child that fails reports `{"error": "<first line>"}`.
Only the standard library is imported here, so an import-time child measures a cold import.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import traceback
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULT_MARK = "@@RESULT "


def child_env(threads: int | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: thread settings, and `cornu` importable from this checkout."""
    env = dict(os.environ)
    if threads is not None:
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            env[name] = str(threads)
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    paths = [str(ROOT), str(BENCH_DIR)] + env.get("PYTHONPATH", "").split(os.pathsep)
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env.update(extra or {})
    return env


def run_child(
    args: Sequence[str],
    env: dict[str, str],
    timeout: float,
    cpus: Iterable[int] | None = None,
    verbose: bool = False,
) -> dict:
    """Runs `python <args>` in a fresh interpreter and returns its result (or `{"error"}`)."""
    preexec = None
    if cpus is not None:
        cpu_set = set(cpus)

        def preexec() -> None:
            os.sched_setaffinity(0, cpu_set)

    try:
        proc = subprocess.run(
            [sys.executable, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=preexec,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if verbose and proc.stderr.strip():
        sys.stderr.write(proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    last_words = lines[-1].strip() if lines else f"exit code {proc.returncode}"
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK) :])
            if proc.returncode != 0:  # it reported, then died (a GPU child mid-way, say)
                result["crash"] = last_words
            return result
    return {"error": last_words}


def report(result: dict) -> None:
    """Prints a child's result line (the last thing a child does)."""
    sys.stdout.flush()
    print(RESULT_MARK + json.dumps(result), flush=True)


def error_result(exc: BaseException) -> dict:
    """`{"error": "<Type>: <first line of the message>"}`; the traceback goes to stderr."""
    traceback.print_exc()
    message = (str(exc).strip().splitlines() or [""])[0]
    return {"error": f"{type(exc).__name__}: {message}" if message else type(exc).__name__}


def median_results(results: list[dict]) -> dict:
    """Per-key medians over the runs that succeeded; the first error if none did."""
    good = [r for r in results if "error" not in r and "skip" not in r]
    if not good:
        return results[0] if results else {"error": "not run"}
    keys = {k for r in good for k, v in r.items() if isinstance(v, (int, float))}
    merged = {k: statistics.median(r[k] for r in good if k in r) for k in sorted(keys)}
    merged["runs"] = len(good)
    return merged


def error_cell(result: dict) -> str | None:
    """The cell text of a failed/skipped result, else None."""
    if "skip" in result:
        return str(result["skip"])
    if "error" in result:
        text = " ".join(str(result["error"]).split())
        return "error: " + (text[:90] + "..." if len(text) > 90 else text).replace("|", "/")
    return None


def fmt(value: float, digits: int = 0) -> str:
    """`52713.2` -> `52,713`; `0.9612` with digits=3 -> `0.961`."""
    return f"{value:,.{digits}f}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def version(dist: str) -> str | None:
    """The installed version of distribution `dist`, or None."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def cornu_version() -> str:
    """cornu's `__version__`, read from this checkout's source without importing it."""
    for line in (ROOT / "cornu" / "__init__.py").read_text().splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "?"


def split_list(text: str, known: Sequence[str], what: str, aliases: dict | None = None) -> list:
    """`"W1,W4"` -> `["W1", "W4"]`, in the order of `known`; unknown names are an error."""
    aliases = aliases or {}
    names: list[str] = []
    for item in (s.strip() for s in text.split(",") if s.strip()):
        names += aliases.get(item, [item])
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"Unknown {what} {unknown}; expected names from {list(known)}.")
    return [k for k in known if k in names]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
