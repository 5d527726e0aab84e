"""CPU benchmarks W1-W5 (BENCHMARKS.md): cornu vs hand-written PyTorch vs Keras 3.

Each (workload, implementation) runs in its own fresh interpreter, `--repeats` times, runs
interleaved; the table shows medians. See benchmarks/README.md for what each figure means.

Example:
    python benchmarks/run_cpu.py                      # all workloads, default columns
    python benchmarks/run_cpu.py --quick --repeats 1  # smoke run
    python benchmarks/run_cpu.py --only W1,W4 --impls torch,cornu,keras
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from dataclasses import dataclass, field

import _harness as h


@dataclass(frozen=True)
class Impl:
    title: str  # column header
    module: str  # impl_*.py module that runs the workloads
    attrs: dict = field(default_factory=dict)  # module attributes set before running
    env: dict = field(default_factory=dict)  # extra environment of the child
    import_stmt: str | None = None  # what the import-time row times
    needs: str | None = None  # a module that must be importable, else the column is skipped


IMPLS = {
    "torch": Impl("hand-written torch", "impl_torch", import_stmt="import torch"),
    "torch-compile": Impl("torch.compile", "impl_torch", {"COMPILE": True}),
    "keras": Impl(
        "Keras 3 torch", "impl_keras", env={"KERAS_BACKEND": "torch"}, import_stmt="import keras"
    ),
    "keras-jit": Impl(
        "Keras 3 torch jit_compile",
        "impl_keras",
        {"COMPILE_OPTIONS": {"jit_compile": True}},
        env={"KERAS_BACKEND": "torch"},
    ),
    "keras-jax": Impl(
        "Keras 3 JAX",
        "impl_keras",
        env={"KERAS_BACKEND": "jax"},
        import_stmt="import keras",
        needs="jax",
    ),
    "cornu": Impl("cornu", "impl_cornu", import_stmt="import cornu"),
    "cornu-jit": Impl(
        "cornu jit_compile", "impl_cornu", {"COMPILE_OPTIONS": {"jit_compile": True}}
    ),
}
DEFAULT_IMPLS = "torch,keras,keras-jax,cornu"
IMPL_ALIASES = {"all": list(IMPLS)}
WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "import"]

# (row label, workload, which of the workload's cells, goal) as in BENCHMARKS.md's CPU table.
ROWS = [
    ("W1 us/step", "W1", 0, "<= 130"),
    ("W2 us/step", "W2", 0, "<= 130"),
    ("W3 us/step (test acc)", "W3", 0, "<= 800, acc >= 0.95"),
    ("W4 samples/s, epoch 2", "W4", 0, ">= 60,000"),
    ("W5 predict, 1 sample, us/call", "W5", 0, "<= 100"),
    ("W5 model(x), us/call", "W5", 1, "<= 70"),
    ("import, s", "import", 0, "`import cornu` <= 1.5"),
]
STEADY_SHOWN_ABOVE = 1.10  # show the steady figure when the cold one is this much slower


def _child(impl_name: str, workload: str, quick: bool) -> None:
    """Runs one workload of one implementation in this (fresh) process and reports it."""
    impl = IMPLS[impl_name]
    if workload == "import":
        start = time.perf_counter()
        try:
            exec(impl.import_stmt or "pass")
        except Exception as exc:  # noqa: BLE001 - any failure becomes the cell's text
            h.report(h.error_result(exc))
            return
        h.report({"import_s": time.perf_counter() - start})
        return
    try:
        module = importlib.import_module(impl.module)
        for name, value in impl.attrs.items():
            setattr(module, name, value)
        import workloads

        result = getattr(module, f"run_{workload.lower()}")(workloads.spec(workload, quick))
    except Exception as exc:  # noqa: BLE001 - any failure becomes the cell's text
        result = h.error_result(exc)
    if "torch" in sys.modules:
        result["torch_threads"] = sys.modules["torch"].get_num_threads()
    h.report(result)


def _summary(workload: str, result: dict) -> str:
    """A short progress line for one run."""
    if "error" in result or "skip" in result:
        return h.error_cell(result) or ""
    keys = ("us_step", "steady_us_step", "test_accuracy", "samples_per_s", "predict_us",
            "call_us", "import_s")  # fmt: skip
    return ", ".join(f"{k}={result[k]:.4g}" for k in keys if k in result)


def _cells(workload: str, result: dict) -> list[str]:
    """The table cells of one workload's median result (two cells for W5)."""
    failed = h.error_cell(result)
    if failed is not None:
        return [failed, failed] if workload == "W5" else [failed]
    if workload == "W5":
        return [h.fmt(result["predict_us"]), h.fmt(result["call_us"])]
    if workload == "W4":
        return [h.fmt(result["samples_per_s"])]
    if workload == "import":
        return [h.fmt(result["import_s"], 2)]
    cell, notes = h.fmt(result["us_step"]), []
    steady = result.get("steady_us_step")
    if steady and result["us_step"] > STEADY_SHOWN_ABOVE * steady:
        notes.append(f"{h.fmt(steady)} steady")
    if "test_accuracy" in result:
        notes.append(h.fmt(result["test_accuracy"], 3))
    return [cell + (f" ({'; '.join(notes)})" if notes else "")]


def _table(results: dict, impls: list[str], workloads: list[str]) -> str:
    header = ["workload", *(IMPLS[i].title for i in impls), "cornu goal"]
    rows = []
    for label, workload, index, goal in ROWS:
        if workload not in workloads:
            continue
        row = [label]
        for impl in impls:
            result = results.get((workload, impl), {"error": "not run"})
            if workload == "import" and IMPLS[impl].import_stmt is None:
                row.append("-")
                continue
            row.append(_cells(workload, result)[index])
        rows.append([*row, goal])
    return h.markdown_table(header, rows)


def _header(args: argparse.Namespace, results: list[dict]) -> str:
    threads = sorted({r["torch_threads"] for r in results if "torch_threads" in r})
    versions = [f"{d} {h.version(d)}" for d in ("torch", "keras", "jax", "numpy") if h.version(d)]
    pin = f", pinned to CPUs 0-{args.threads - 1}" if args.pin else ""
    return (
        f"CPU benchmarks ({'quick' if args.quick else 'full'} settings), threads={args.threads} "
        f"(OMP/MKL/OPENBLAS_NUM_THREADS={args.threads}, OMP_WAIT_POLICY=PASSIVE{pin}; "
        f"torch intra-op threads seen: {threads or '-'}), {os.cpu_count()} logical CPUs, "
        f"median of {args.repeats} run(s), each implementation in its own process.\n"
        f"{', '.join(versions)}, cornu {h.cornu_version()} (this checkout), "
        f"Python {sys.version.split()[0]}."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="threads per process (2)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per cell; median (3)")
    parser.add_argument("--only", default=",".join(WORKLOADS), help="e.g. W1,W4,import")
    parser.add_argument("--impls", default=DEFAULT_IMPLS, help=f"of {list(IMPLS)} or all")
    parser.add_argument("--quick", action="store_true", help="fewer epochs: a smoke run")
    parser.add_argument("--pin", action="store_true", help="pin children to --threads CPUs")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per child run")
    parser.add_argument("--json", help="also write every run's raw results to this file")
    parser.add_argument("--verbose", action="store_true", help="show the children's stderr")
    parser.add_argument("--child", nargs=2, metavar=("IMPL", "WORKLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child, quick=args.quick)
        return

    workloads = h.split_list(args.only, WORKLOADS, "workloads")
    impls = h.split_list(args.impls, list(IMPLS), "implementations", IMPL_ALIASES)
    skipped = [i for i in impls if IMPLS[i].needs and not importlib.util.find_spec(IMPLS[i].needs)]
    impls = [i for i in impls if i not in skipped]
    cpus = range(args.threads) if args.pin else None
    runs: dict[tuple[str, str], list[dict]] = {}
    start = time.perf_counter()
    for repeat in range(args.repeats):
        for workload in workloads:
            for impl in impls:
                if workload == "import" and IMPLS[impl].import_stmt is None:
                    continue
                child_args = [__file__, "--child", impl, workload] + ["--quick"] * args.quick
                env = h.child_env(args.threads, IMPLS[impl].env)
                result = h.run_child(child_args, env, args.timeout, cpus, args.verbose)
                runs.setdefault((workload, impl), []).append(result)
                h.progress(f"[{repeat + 1}/{args.repeats}] {workload} {impl}: "
                           f"{_summary(workload, result)}")  # fmt: skip
    medians = {key: h.median_results(value) for key, value in runs.items()}
    print(_header(args, [r for rs in runs.values() for r in rs]))
    print()
    print(_table(medians, impls, workloads))
    for impl in skipped:
        print(f"\n{impl}: skipped ({IMPLS[impl].needs} is not importable).")
    print(f"\nTotal wall time {time.perf_counter() - start:.0f} s.")
    if args.json:
        raw = {f"{w} {i}": rs for (w, i), rs in runs.items()}
        with open(args.json, "w") as f:
            json.dump({"argv": sys.argv[1:], "runs": raw}, f, indent=1)


if __name__ == "__main__":
    main()
