"""Inference throughput of application models (issue: the model zoo): images/s at batch 64,
fp32 and bf16, for cornu, Keras 3 (torch and JAX backends) and torchvision's equivalent.

One fresh process per implementation; each model gets `--warmup` untimed batches, then
`--iters` timed batches of random 224x224 images (synchronised at the end). cornu and Keras
run `model.predict_on_batch`-free direct calls (`model(x, training=False)`), which is what a
serving loop does; torchvision runs `model.eval()` under `torch.inference_mode()`.

Example:
    python benchmarks/apps_inference.py                          # on the GPU machine
    python benchmarks/apps_inference.py --quick --impls cornu,torchvision   # smoke run (CPU)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time

import _harness as h

MODELS = {"resnet50": ("ResNet50", "resnet50"),
          "mobilenetv2": ("MobileNetV2", "mobilenet_v2"),
          "efficientnetb0": ("EfficientNetB0", "efficientnet_b0")}
IMPLS = {
    "cornu": ("cornu", ("torch",), {}),
    "keras": ("Keras 3 torch backend", ("keras", "torch"), {"KERAS_BACKEND": "torch"}),
    "keras-jax": ("Keras 3 JAX backend", ("keras", "jax"), {"KERAS_BACKEND": "jax"}),
    "torchvision": ("torchvision (eager)", ("torch", "torchvision"), {}),
}
DTYPES = ("float32", "bfloat16")


def _torchvision_case(name, dtype, batch, size, warmup, iters):
    import torch
    import torchvision

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = getattr(torchvision.models, MODELS[name][1])(weights=None).eval().to(device)
    model = model.to(memory_format=torch.channels_last, dtype=getattr(torch, dtype))
    x = torch.randn(batch, 3, size, size, device=device, dtype=getattr(torch, dtype))
    x = x.contiguous(memory_format=torch.channels_last)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    with torch.inference_mode():
        return _time(lambda: model(x), sync, warmup, iters), device


def _keras_like_case(lib, name, dtype, batch, size, warmup, iters):
    import numpy as np

    policy = "float32" if dtype == "float32" else "bfloat16"
    lib.mixed_precision.set_global_policy(policy)
    model = getattr(lib.applications, MODELS[name][0])(weights=None, input_shape=(size, size, 3))
    x = lib.ops.convert_to_tensor(
        np.random.default_rng(0).uniform(0, 255, (batch, size, size, 3)).astype("float32"))
    sync, device = _sync_for(lib)
    result = _time(lambda: model(x, training=False), sync, warmup, iters)
    lib.mixed_precision.set_global_policy("float32")
    return result, device


def _sync_for(lib):
    if lib.backend.backend() == "jax":
        import jax

        return (lambda: jax.effects_barrier()), str(jax.devices()[0])
    import torch

    if torch.cuda.is_available():
        return torch.cuda.synchronize, torch.cuda.get_device_name()
    return (lambda: None), "cpu"


def _time(step, sync, warmup, iters) -> float:
    out = None
    for _ in range(warmup):
        out = step()
    _block(out)
    sync()
    start = time.perf_counter()
    for _ in range(iters):
        out = step()
    _block(out)
    sync()
    return (time.perf_counter() - start) / iters


def _block(out) -> None:
    if hasattr(out, "block_until_ready"):
        out.block_until_ready()


def _child(impl: str, models: list, batch: int, size: int, warmup: int, iters: int) -> None:
    results: dict = {}
    for name in models:
        for dtype in DTYPES:
            key = f"{name} {dtype}"
            try:
                if impl == "torchvision":
                    seconds, device = _torchvision_case(name, dtype, batch, size, warmup, iters)
                else:
                    lib = importlib.import_module("cornu" if impl == "cornu" else "keras")
                    seconds, device = _keras_like_case(lib, name, dtype, batch, size, warmup,
                                                       iters)
                results[key] = {"images_per_s": batch / seconds}
                results["device"] = device
            except Exception as exc:  # noqa: BLE001 - becomes the cell's text
                results[key] = h.error_result(exc)
            h.report(results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--impls", default=",".join(IMPLS), help=f"of {list(IMPLS)}")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="batch 2, 64x64, 2 iterations")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    models = h.split_list(args.models, list(MODELS), "models")
    batch, size, warmup, iters = ((2, 64, 1, 2) if args.quick else (args.batch, 224, 10, 50))
    if args.child:
        _child(args.child, models, batch, size, warmup, iters)
        return
    impls = h.split_list(args.impls, list(IMPLS), "implementations")
    skipped = {i: [m for m in IMPLS[i][1] if importlib.util.find_spec(m) is None]
               for i in impls}
    impls = [i for i in impls if not skipped[i]]
    results = {}
    for impl in impls:
        child_args = [__file__, "--child", impl, "--models", ",".join(models),
                      "--batch", str(args.batch)] + ["--quick"] * args.quick
        results[impl] = h.run_child(child_args, h.child_env(None, IMPLS[impl][2]),
                                    args.timeout, verbose=args.verbose)
        h.progress(f"{impl}: {results[impl]}")
    devices = sorted({r["device"] for r in results.values() if "device" in r})
    print(f"Inference images/s, batch {batch}, {size}x{size}, on {devices or '?'}; "
          f"{', '.join(f'{d} {h.version(d)}' for d in ('torch', 'jax', 'keras') if h.version(d))}"
          f", cornu {h.cornu_version()}, Python {sys.version.split()[0]}, {os.cpu_count()} "
          "CPUs.\n")
    rows = []
    for name in models:
        for dtype in DTYPES:
            key = f"{name} {dtype}"
            row = [key]
            for impl in impls:
                cell = results[impl].get(key, results[impl])
                row.append(h.error_cell(cell) or h.fmt(cell["images_per_s"]))
            rows.append(row)
    print(h.markdown_table(["model", *(IMPLS[i][0] for i in impls)], rows))
    for impl, absent in skipped.items():
        if absent:
            print(f"\n{impl}: skipped ({', '.join(absent)} not importable).")


if __name__ == "__main__":
    main()
