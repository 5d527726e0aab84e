"""GPU benchmarks (BENCHMARKS.md): mlp, cnn, lstm, gpt; cornu vs hand-written torch vs Keras 3.

One fresh process per implementation runs every selected workload; each workload does one
warm-up fit of 5 steps, then one timed epoch. Missing implementations (no keras, no jax) are
skipped; a layer cornu does not have yet makes its cell read "not available".

Example:
    python benchmarks/run_gpu.py                       # default columns, every workload
    python benchmarks/run_gpu.py --quick --only mlp,gpt --impls torch,cornu
    python benchmarks/run_gpu.py --tf32                # TF32 float32 matmuls/convolutions
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from dataclasses import dataclass, field

import _harness as h


@dataclass(frozen=True)
class Impl:
    title: str
    needs: tuple[str, ...]  # modules that must be importable, else the column is skipped
    env: dict = field(default_factory=dict)


IMPLS = {
    "torch": Impl("hand-written torch (eager)", ("torch",)),
    "torch-compile": Impl("torch + torch.compile", ("torch",)),
    "keras": Impl("Keras 3 torch backend", ("keras", "torch"), {"KERAS_BACKEND": "torch"}),
    "keras-jax": Impl("Keras 3 JAX backend", ("keras", "jax"), {"KERAS_BACKEND": "jax"}),
    "cornu": Impl("cornu", ("torch",)),
    "cornu-jit": Impl("cornu jit_compile=True", ("torch",)),
    "cornu-graphs": Impl("cornu jit + CUDA graphs", ("torch",),
                         {"CORNU_JIT_MODE": "reduce-overhead"}),
}
DEFAULT_IMPLS = "torch,torch-compile,keras,keras-jax,cornu,cornu-jit"
WORKLOADS = ["mlp", "cnn", "lstm", "gpt"]

# (row label, case name, result key, goal) as in BENCHMARKS.md's GPU table.
ROWS = [
    ("mlp fp32", "mlp fp32", "samples_per_s", ">= 100,000"),
    ("cnn fp32", "cnn fp32", "samples_per_s", ">= 110,000"),
    ("cnn bf16", "cnn bf16", "samples_per_s", ">= 110,000"),
    ("lstm fp32", "lstm fp32", "samples_per_s", ">= 50,000"),
    ("gpt bf16 tokens/s", "gpt bf16", "tokens_per_s", ">= 520,000"),
    ("gpt bf16 TFLOP/s", "gpt bf16", "tflops", ">= 400"),
]


def _child(impl: str, only: list[str], quick: bool, tf32: bool) -> None:
    """Runs every selected case of `impl` in this process; reports after each case."""
    import gpu_workloads as gw

    results: dict = {}
    try:
        sync = _setup_engine(impl, tf32, results)
        if impl in ("torch", "torch-compile"):
            import gpu_torch

            gpu_torch.COMPILE = impl == "torch-compile"
            run = gpu_torch.run_case
        else:
            import gpu_keras

            module = importlib.import_module("keras" if impl.startswith("keras") else "cornu")
            jit = impl in ("cornu-jit", "cornu-graphs")
            gpu_keras.COMPILE_OPTIONS = {"jit_compile": True} if jit else {}
            run = lambda case: gpu_keras.run_case(module, case, sync)  # noqa: E731
    except Exception as exc:  # noqa: BLE001 - becomes every cell's text
        h.report(h.error_result(exc))
        return
    for case in gw.cases(only, quick):
        try:
            results[case.name] = run(case)
        except Exception as exc:  # noqa: BLE001 - becomes the cell's text
            results[case.name] = h.error_result(exc)
        h.report(results)


def _setup_engine(impl: str, tf32: bool, results: dict):
    """Sets float32 precision on torch engines; returns the device-sync function."""
    if impl == "keras-jax":
        import jax

        results["device"] = str(jax.devices()[0].device_kind)
        return lambda: None
    import torch

    if not torch.cuda.is_available():
        raise RuntimeError("torch sees no CUDA device; run_gpu.py needs a GPU.")
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    results["device"] = torch.cuda.get_device_name()
    return torch.cuda.synchronize


def _cell(result: dict, case: str, key: str) -> str:
    if "error" in result and case not in result:
        return h.error_cell(result) or ""
    if case not in result:
        crash = result.get("crash")
        return h.error_cell({"error": crash}) if crash else "not run"
    failed = h.error_cell(result[case])
    if failed is not None:
        return failed
    return h.fmt(result[case][key], 0 if key != "tflops" else 1)


def _median(results: list[dict], cases: list[str]) -> dict:
    """Per-case medians over an implementation's runs."""
    merged: dict = dict(results[0])
    for case in cases:
        runs = [r[case] for r in results if case in r]
        if runs:
            merged[case] = h.median_results(runs)
    return merged


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(WORKLOADS), help="e.g. mlp,gpt")
    parser.add_argument("--impls", default=DEFAULT_IMPLS, help=f"of {list(IMPLS)} or all")
    parser.add_argument("--quick", action="store_true", help="fewer steps: a smoke run")
    parser.add_argument("--tf32", action="store_true", help="TF32 float32 matmuls/convs")
    parser.add_argument("--repeats", type=int, default=1, help="processes per impl; median")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per process")
    parser.add_argument("--verbose", action="store_true", help="show the children's stderr")
    parser.add_argument("--child", metavar="IMPL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = h.split_list(args.only, WORKLOADS, "workloads")
    if args.child:
        _child(args.child, only, args.quick, args.tf32)
        return

    impls = h.split_list(args.impls, list(IMPLS), "implementations", {"all": list(IMPLS)})
    skipped = {i: [m for m in IMPLS[i].needs if importlib.util.find_spec(m) is None] for i in impls}
    impls = [i for i in impls if not skipped[i]]
    cases = list(dict.fromkeys(row[1] for row in ROWS if row[1].split()[0] in only))
    results: dict[str, dict] = {}
    start = time.perf_counter()
    for impl in impls:
        runs = []
        for _ in range(args.repeats):
            child_args = [__file__, "--child", impl, "--only", ",".join(only)]
            child_args += ["--quick"] * args.quick + ["--tf32"] * args.tf32
            env = h.child_env(None, IMPLS[impl].env)
            runs.append(h.run_child(child_args, env, args.timeout, verbose=args.verbose))
            h.progress(f"{impl}: {runs[-1]}")
        results[impl] = _median(runs, cases)

    devices = sorted({r["device"] for r in results.values() if "device" in r})
    versions = [f"{d} {h.version(d)}" for d in ("torch", "jax", "keras") if h.version(d)]
    print(
        f"GPU benchmarks ({'quick' if args.quick else 'full'} settings) on {devices or '?'}; "
        f"float32 on torch engines: {'TF32' if args.tf32 else 'strict (no TF32)'}; "
        f"samples/s unless stated; one process per implementation, median of {args.repeats}.\n"
        f"{', '.join(versions)}, cornu {h.cornu_version()} (this checkout), "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.\n"
    )
    header = ["workload", *(IMPLS[i].title for i in impls), "cornu goal"]
    rows = [
        [label, *(_cell(results[i], case, key) for i in impls), goal]
        for label, case, key, goal in ROWS
        if case in cases
    ]
    print(h.markdown_table(header, rows))
    for impl, absent in skipped.items():
        if absent:
            print(f"\n{impl}: skipped ({', '.join(absent)} not importable).")
    print(f"\nTotal wall time {time.perf_counter() - start:.0f} s.")


if __name__ == "__main__":
    main()
