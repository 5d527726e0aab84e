"""``jit_compile`` on the torch backend: ``torch.compile`` around a step's forward pass.

What is compiled is the model's forward pass together with the loss (training) or the
forward pass alone (evaluation, prediction); AOTAutograd compiles the matching backward
graph, so a training step runs compiled kernels forward and backward. The optimizer update
stays outside: it already runs as one fused or multi-tensor kernel per step, and its
learning rate and step count are host numbers, so a schedule never causes a recompile.

Each ``CompiledFunction`` owns a fresh copy of its function's code object, so torch's
per-code-object cache (``torch._dynamo.config.cache_size_limit``) is not shared between
models, and counts the graphs it compiled. The batch dimension becomes dynamic the first
time it changes (torch's automatic dynamic shapes): a last partial batch costs one
recompile, once.
"""

from __future__ import annotations

import os
import types
import warnings

import torch


def compile_mode() -> str | None:
    """torch.compile's ``mode`` for jit_compile, from ``CORNU_JIT_MODE`` (default: none).

    "reduce-overhead" replays CUDA graphs (launch-bound steps on a GPU), "max-autotune"
    also tries more kernels; see ``torch.compile``.
    """
    import torch._inductor  # imported on first use: it costs ~1 s

    mode = os.environ.get("CORNU_JIT_MODE") or None
    known = [m for m in torch._inductor.list_mode_options() if m != "default"]
    if mode is not None and mode not in known:
        raise ValueError(
            f"CORNU_JIT_MODE={mode!r} is not a torch.compile mode; expected one of {known} "
            "(or unset it for the default)."
        )
    return mode


def _counting_backend(stats: dict, mode: str | None):
    import torch._inductor

    inductor = torch._dynamo.lookup_backend("inductor")
    options = {"config_patches": torch._inductor.list_mode_options(mode)} if mode else {}

    def backend(graph_module, example_inputs):
        stats["graphs"] += 1
        return inductor(graph_module, example_inputs, **options)

    return backend


def _own_code(fn):
    """``fn`` with a code object of its own (torch caches compiled graphs per code object)."""
    func = getattr(fn, "__func__", fn)
    fresh = types.FunctionType(func.__code__.replace(), func.__globals__, func.__name__,
                               func.__defaults__, func.__closure__)
    bound_to = getattr(fn, "__self__", None)
    return fresh if bound_to is None else types.MethodType(fresh, bound_to)


def _first_line(err: BaseException) -> str:
    """``Type: first line`` of the error at the root of a compiler failure."""
    seen = set()
    while id(err) not in seen:
        seen.add(id(err))
        inner = getattr(err, "inner_exception", None) or err.__cause__
        if inner is None:
            break
        err = inner
    text = str(err).strip()
    return f"{type(err).__name__}: {text.splitlines()[0]}" if text else type(err).__name__


class CompiledFunction:
    """``fn`` run through ``torch.compile``; eager from the first failure on.

    When the compiled call raises, ``fn`` runs eagerly on the same arguments. If that
    succeeds, the failure was the compiler's: a one-line warning says why, and later calls
    run eagerly. If it raises too, the error is the caller's and propagates unchanged.

    Attributes:
        stats: ``{"graphs": graphs compiled so far, "fallback": the reason or None}``.
    """

    def __init__(self, fn, what: str):
        self._fn = fn
        self._what = what
        self.stats = {"graphs": 0, "fallback": None}
        import torch._guards  # noqa: F401  (detect_fake_mode, in __call__)

        self._compiled = torch.compile(_own_code(fn),
                                       backend=_counting_backend(self.stats, compile_mode()))

    @property
    def eager(self) -> bool:
        return self.stats["fallback"] is not None

    def __call__(self, *args, **kwargs):
        if self.stats["fallback"] is not None or torch._guards.detect_fake_mode() is not None:
            # eager after a failure, and under shape inference (fake tensors)
            return self._fn(*args, **kwargs)
        try:
            return self._compiled(*args, **kwargs)
        except Exception as err:  # the compiler's failures are varied; eager always works
            out = self._fn(*args, **kwargs)  # raises when the error is not the compiler's
            self.stats["fallback"] = _first_line(err)
            warnings.warn(
                f"jit_compile: torch.compile could not compile {self._what} "
                f"({self.stats['fallback']}); running eagerly instead.",
                stacklevel=3,
            )
            return out


def resolve_auto() -> bool:
    """What ``jit_compile="auto"`` means on this engine: eager, for now.

    On the CPU, eager steps measured faster than compiled ones for every workload in
    ``benchmarks/`` (compiled kernels save little, and each call adds guard checks); on a
    GPU the published peer figures (../shared/BENCHMARKS.md) have torch.compile slower than
    eager for the mlp and cnn workloads and faster for lstm and gpt, so the choice waits on
    cornu's own GPU measurements (``benchmarks/run_gpu.py`` runs both).
    """
    return False
