"""Where a GPU training step's time goes: cornu's `fit` vs hand-written torch, one case.

Runs `--steps` training steps of a GPU workload (after a warm-up) under `torch.profiler` for
cornu (the Keras user code of `gpu_keras.py`) and for hand-written torch (`gpu_torch.py`),
and prints, for each, the kernels/ops with the most device time, the number of kernel
launches per step, and the host (CPU) time per step. Plan a GPU session around one call:

    python benchmarks/profile_gpu.py --case cnn --precision fp32
    python benchmarks/profile_gpu.py --case lstm --rows 30
    python benchmarks/profile_gpu.py --case cnn --device cpu --steps 2   # smoke run here
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import gpu_workloads as gw  # noqa: E402
import torch  # noqa: E402
from torch.profiler import ProfilerActivity, profile  # noqa: E402


def _cornu_steps(case, steps: int):
    import gpu_keras

    import cornu

    if case.precision == "bf16":
        cornu.mixed_precision.set_global_policy("mixed_bfloat16")
    model, loss = gpu_keras.BUILDERS[case.workload](cornu)
    model.compile(optimizer=cornu.optimizers.Adam(learning_rate=gw.LEARNING_RATE), loss=loss)
    x, y = gw.data(case)
    n = steps * case.batch_size
    model.fit(x[:n], y[:n], batch_size=case.batch_size, epochs=1, verbose=0)  # warm-up
    return lambda: model.fit(x[:n], y[:n], batch_size=case.batch_size, epochs=1, verbose=0)


def _torch_steps(case, steps: int, device: str):
    import gpu_torch

    gpu_torch.DEVICE = device
    model, x, y, loss_fn = gpu_torch._model_data_loss(case)
    model = model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=gw.LEARNING_RATE)
    bf16 = case.precision == "bf16" and device == "cuda"
    batch = case.batch_size

    def run() -> None:
        for i in range(0, steps * batch, batch):
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device, dtype=torch.bfloat16, enabled=bf16):
                loss = loss_fn(model(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            optimizer.step()

    run()  # warm-up
    return run


def _profile(name: str, run, steps: int, rows: int, device: str) -> None:
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device == "cuda" else [])
    if device == "cuda":
        torch.cuda.synchronize()
    with profile(activities=activities) as prof:
        run()
        if device == "cuda":
            torch.cuda.synchronize()
    events = prof.key_averages()
    sort = "cuda_time_total" if device == "cuda" else "cpu_time_total"
    launches = sum(e.count for e in events if e.key.startswith(("cudaLaunchKernel",
                                                                "cuLaunchKernel")))
    host_us = max((e.cpu_time_total for e in events), default=0) / steps
    print(f"\n=== {name}: {steps} steps; kernel launches/step {launches / steps:.0f}; "
          f"host time/step ~{host_us:.0f} us ===")
    print(events.table(sort_by=sort, row_limit=rows))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="cnn", choices=["mlp", "cnn", "lstm", "gpt"])
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16"])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args(argv)
    case = next(c for c in gw.cases([args.case]) if c.precision == args.precision)
    torch.backends.cudnn.benchmark = True
    _profile("hand-written torch", _torch_steps(case, args.steps, args.device), args.steps,
             args.rows, args.device)
    _profile("cornu fit", _cornu_steps(case, args.steps), args.steps, args.rows, args.device)


if __name__ == "__main__":
    main()
