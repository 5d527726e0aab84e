"""Hand-written PyTorch for the GPU workloads: the best eager case, data already on the GPU.

Adam(1e-3); each epoch gathers the data once in a random order on the GPU (the shuffle `fit`
does) and cuts batches as views of it; losses on logits; images in channels_last; bf16 by
autocast with float32 weights (what Keras's "mixed_bfloat16" policy does); attention through
`scaled_dot_product_attention`; the LSTM is cuDNN's. Set `COMPILE = True` to wrap each model
in `torch.compile`.
"""

from __future__ import annotations

import time

import gpu_workloads as gw
import torch
import torch.nn.functional as F
from gpu_workloads import GPT, Case
from torch import nn

COMPILE = False
DEVICE = "cuda"


class _LSTMClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embedding = nn.Embedding(gw.LSTM_VOCAB, 128)
        self.lstm = nn.LSTM(128, gw.LSTM_UNITS, batch_first=True)
        self.head = nn.Linear(gw.LSTM_UNITS, 1)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        _, (hidden, _) = self.lstm(self.embedding(tokens))
        return self.head(hidden[-1])


class _Block(nn.Module):
    """Pre-LayerNorm decoder block: causal self-attention, then a 4x GELU MLP."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(b, t, 3, self.heads, d // self.heads).unbind(2)
        attn = F.scaled_dot_product_attention(
            q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), is_causal=True
        )
        x = x + self.proj(attn.transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.norm2(x))


class _GPT(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.tokens = nn.Embedding(GPT.vocab, GPT.dim)
        self.positions = nn.Parameter(torch.randn(GPT.length, GPT.dim) * 0.02)
        self.blocks = nn.Sequential(*(_Block(GPT.dim, GPT.heads) for _ in range(GPT.layers)))
        self.norm = nn.LayerNorm(GPT.dim)
        self.head = nn.Linear(GPT.dim, GPT.vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = self.tokens(tokens) + self.positions[: tokens.shape[1]]
        return self.head(self.norm(self.blocks(x)))


def _cnn() -> nn.Sequential:
    layers: list[nn.Module] = []
    channels = 3
    for filters in gw.CNN_FILTERS:
        layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.ReLU()]
        layers += [nn.Conv2d(filters, filters, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        channels = filters
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, 10)]
    return nn.Sequential(*layers)


def _mlp() -> nn.Sequential:
    layers: list[nn.Module] = []
    features = 784
    for units in gw.MLP_UNITS:
        layers += [nn.Linear(features, units), nn.ReLU()]
        features = units
    return nn.Sequential(*layers, nn.Linear(features, 10))


def _model_data_loss(case: Case):
    """The model, the data on the GPU and the loss function of `case`."""
    x_np, y_np = gw.data(case)
    x, y = torch.from_numpy(x_np).to(DEVICE), torch.from_numpy(y_np).to(DEVICE)
    if case.workload == "mlp":
        return _mlp(), x, y, F.cross_entropy
    if case.workload == "cnn":
        x = x.permute(0, 3, 1, 2).contiguous(memory_format=torch.channels_last)
        return _cnn().to(memory_format=torch.channels_last), x, y, F.cross_entropy
    if case.workload == "lstm":
        return _LSTMClassifier(), x.long(), y, F.binary_cross_entropy_with_logits

    def lm_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(logits.flatten(0, 1).float(), labels.flatten())

    return _GPT(), x.long(), y, lm_loss


def run_case(case: Case) -> dict:
    """One warm-up of `WARMUP_STEPS` steps, then one timed epoch of `case.steps` steps."""
    seconds = _timed_epoch(case)
    torch.cuda.empty_cache()  # the next case starts with the memory this one freed
    return gw.rates(case, seconds)


def _timed_epoch(case: Case) -> float:
    torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick its fastest kernels
    model, x, y, loss_fn = _model_data_loss(case)
    model = model.to(DEVICE)
    step_model = torch.compile(model) if COMPILE else model
    optimizer = torch.optim.Adam(model.parameters(), lr=gw.LEARNING_RATE)
    bf16 = case.precision == "bf16"
    batch = case.batch_size

    def train(indices: torch.Tensor) -> None:
        x_epoch, y_epoch = x[indices], y[indices]  # one gather per epoch; batches are views
        for i in range(0, len(indices), batch):
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
                loss = loss_fn(step_model(x_epoch[i : i + batch]), y_epoch[i : i + batch])
            loss.backward()
            optimizer.step()

    train(torch.arange(gw.WARMUP_STEPS * batch, device=DEVICE))
    torch.cuda.synchronize()
    start = time.perf_counter()
    train(torch.randperm(x.shape[0], device=DEVICE))
    torch.cuda.synchronize()
    return time.perf_counter() - start
