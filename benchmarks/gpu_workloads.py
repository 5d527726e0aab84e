"""The GPU workloads of BENCHMARKS.md: sizes, seeded synthetic data and the GPT FLOP count.

Shared by `gpu_torch.py` (hand-written PyTorch) and `gpu_keras.py` (Keras 3 and cornu), so every
implementation trains the same model on the same arrays. Images are NHWC float32 (Keras's
layout; the torch code permutes them once), tokens and labels int32/int64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEED = 0
WARMUP_STEPS = 5
LEARNING_RATE = 1e-3


@dataclass(frozen=True)
class GPTConfig:
    vocab: int = 32768
    length: int = 1024
    layers: int = 12
    dim: int = 768
    heads: int = 12

    def flops_per_token(self) -> float:
        """6 x matmul parameters + 12 x layers x dim x length (the attention products).

        For the benchmark's GPT: 6 x 110,100,480 + 113,246,208 = 773,849,088.
        """
        matmul_params = 12 * self.layers * self.dim**2 + self.dim * self.vocab
        return 6 * matmul_params + 12 * self.layers * self.dim * self.length


GPT = GPTConfig()
MLP_UNITS = (128, 256, 512)
CNN_FILTERS = (64, 128, 256)
LSTM_VOCAB, LSTM_LENGTH, LSTM_UNITS = 20000, 200, 128


@dataclass(frozen=True)
class Case:
    """One row of the GPU table: a workload at one precision."""

    workload: str  # mlp, cnn, lstm, gpt
    precision: str  # fp32 or bf16
    batch_size: int
    steps: int

    @property
    def name(self) -> str:
        return f"{self.workload} {self.precision}"


CASES = [
    Case("mlp", "fp32", 128, 400),
    Case("cnn", "fp32", 256, 100),
    Case("cnn", "bf16", 256, 100),
    Case("lstm", "fp32", 128, 100),
    Case("gpt", "bf16", 16, 30),
]
QUICK_STEPS = {"mlp": 50, "cnn": 20, "lstm": 20, "gpt": 10}


def cases(names: list[str] | None = None, quick: bool = False) -> list[Case]:
    """The cases whose workload or full name ("cnn bf16") is in `names` (all if None)."""
    chosen = [c for c in CASES if names is None or c.workload in names or c.name in names]
    if quick:
        chosen = [
            Case(c.workload, c.precision, c.batch_size, QUICK_STEPS[c.workload]) for c in chosen
        ]
    return chosen


def data(case: Case) -> tuple[np.ndarray, np.ndarray]:
    """`(x, y)` NumPy arrays of `case.steps` full batches (seeded)."""
    rng = np.random.default_rng(SEED)
    n = case.steps * case.batch_size
    if case.workload == "mlp":
        x = rng.standard_normal((n, 784), dtype=np.float32)
        return x, rng.integers(0, 10, size=n).astype("int64")
    if case.workload == "cnn":
        x = rng.standard_normal((n, 32, 32, 3), dtype=np.float32)
        return x, rng.integers(0, 10, size=n).astype("int64")
    if case.workload == "lstm":
        x = rng.integers(0, LSTM_VOCAB, size=(n, LSTM_LENGTH)).astype("int32")
        return x, rng.integers(0, 2, size=(n, 1)).astype("float32")
    if case.workload == "gpt":
        tokens = rng.integers(0, GPT.vocab, size=(n, GPT.length + 1)).astype("int32")
        return tokens[:, :-1], tokens[:, 1:].astype("int64")
    raise ValueError(f"Unknown GPU workload {case.workload!r}; expected mlp, cnn, lstm or gpt.")


def rates(case: Case, seconds: float) -> dict:
    """Samples/s of a timed run of `case.steps` steps; tokens/s and TFLOP/s for gpt."""
    samples = case.steps * case.batch_size / seconds
    result = {"samples_per_s": samples, "seconds": seconds}
    if case.workload == "gpt":
        tokens = samples * GPT.length
        result.update(tokens_per_s=tokens, tflops=tokens * GPT.flops_per_token() / 1e12)
    return result
