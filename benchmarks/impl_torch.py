"""Hand-written PyTorch for W1-W5: the best idiomatic eager code, the bar cornu must meet.

Tensors are created once; every epoch gathers the data once in a random order (the shuffle
`fit` does by default) and cuts batches as slices (views) of it; losses take logits (the
fused, numerically stable form of "sigmoid/softmax + crossentropy"); gradients are reset
with `set_to_none=True`. Set `COMPILE = True` (the `torch-compile` column) to wrap each model
in `torch.compile`.
"""

from __future__ import annotations

import time

import numpy as np
import torch
import workloads
from torch import nn
from workloads import Spec

COMPILE = False


def _mlp(in_features: int, softmax: bool = False) -> nn.Sequential:
    """Flatten -> 128 -> 256 -> 512 relu -> 10 (logits, or probabilities if `softmax`)."""
    layers: list[nn.Module] = [nn.Flatten()]
    for units in workloads.MLP_UNITS:
        layers += [nn.Linear(in_features, units), nn.ReLU()]
        in_features = units
    layers.append(nn.Linear(in_features, workloads.NUM_CLASSES))
    if softmax:
        layers.append(nn.Softmax(dim=-1))
    return nn.Sequential(*layers)


def _maybe_compile(model: nn.Module) -> nn.Module:
    return torch.compile(model) if COMPILE else model


def _train(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    epochs: int,
    batch_size: int,
) -> list[float]:
    """Trains `epochs` shuffled epochs; returns each epoch's wall time in seconds."""
    n = x.shape[0]
    times = []
    model.train()
    for _ in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(n)
        x_epoch, y_epoch = x[perm], y[perm]  # one gather per epoch; batches are views
        for i in range(0, n, batch_size):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_epoch[i : i + batch_size]), y_epoch[i : i + batch_size])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    return times


def _timed_fits(model, optimizer, loss_fn, x, y, spec: Spec, between=None) -> dict:
    """A cold fit of `spec.epochs`, then a steady fit of `spec.steady_epochs`: us per step."""
    steps = workloads.steps_per_epoch(x.shape[0], spec.batch_size)
    cold = sum(_train(model, optimizer, loss_fn, x, y, spec.epochs, spec.batch_size))
    result = {"us_step": 1e6 * cold / (steps * spec.epochs)}
    if between is not None:
        result.update(between())
    if spec.steady_epochs:
        steady = sum(_train(model, optimizer, loss_fn, x, y, spec.steady_epochs, spec.batch_size))
        result["steady_us_step"] = 1e6 * steady / (steps * spec.steady_epochs)
    return result


def run_w1(spec: Spec) -> dict:
    x_np, y_np = workloads.w1_data()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).reshape(-1, 1)
    model = _maybe_compile(nn.Linear(2, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=spec.learning_rate)
    return _timed_fits(model, optimizer, nn.MSELoss(), x, y, spec)


def run_w2(spec: Spec) -> dict:
    x_np, y_np = workloads.w2_data()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).reshape(-1, 1)
    model = _maybe_compile(nn.Linear(1, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=spec.learning_rate)
    return _timed_fits(model, optimizer, nn.BCEWithLogitsLoss(), x, y, spec)


def run_w3(spec: Spec) -> dict:
    x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in workloads.w3_data())
    model = _maybe_compile(_mlp(x_train[0].numel()))
    optimizer = torch.optim.SGD(model.parameters(), lr=spec.learning_rate)

    def test_accuracy() -> dict:
        model.eval()
        with torch.inference_mode():
            predicted = model(x_test).argmax(dim=-1)
        return {"test_accuracy": (predicted == y_test).float().mean().item()}

    loss_fn = nn.CrossEntropyLoss()
    return _timed_fits(model, optimizer, loss_fn, x_train, y_train, spec, test_accuracy)


def run_w4(spec: Spec) -> dict:
    x_np, y_np = workloads.w4_data()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    model = _maybe_compile(_mlp(workloads.W4_FEATURES))
    optimizer = torch.optim.Adam(model.parameters(), lr=spec.learning_rate)
    times = _train(model, optimizer, nn.CrossEntropyLoss(), x, y, spec.epochs, spec.batch_size)
    return {"samples_per_s": x.shape[0] / times[1]}


def run_w5(spec: Spec) -> dict:
    x_np = workloads.w5_input()
    model = _maybe_compile(_mlp(x_np[0].size, softmax=True)).eval()

    def predict(x: np.ndarray) -> np.ndarray:
        # What `model.predict` is for a torch user: NumPy in, no autograd, NumPy out.
        with torch.inference_mode():
            return model(torch.from_numpy(x)).numpy()

    x = torch.from_numpy(x_np)
    predict(x_np), model(x)  # warm-up
    start = time.perf_counter()
    for _ in range(spec.calls):
        predict(x_np)
    predict_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(spec.calls):
        model(x)
    call_s = time.perf_counter() - start
    return {"predict_us": 1e6 * predict_s / spec.calls, "call_us": 1e6 * call_s / spec.calls}
