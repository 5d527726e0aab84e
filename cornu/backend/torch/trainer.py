"""The torch training step: forward, loss, backward and optimizer update, eagerly."""

from __future__ import annotations

import torch

from cornu.trainers.compile_utils import unpack_x_y_sample_weight


class LossTracker:
    """A running mean of the loss kept on the device: one in-place add per step."""

    name = "loss"

    def __init__(self, name="loss"):
        self.name = name
        self._total = None
        self._count = 0

    def update_state(self, value, weight) -> None:
        value = value.detach()
        if self._total is None:
            self._total = value.to(torch.float64) * weight
        else:
            self._total.add_(value, alpha=weight)
        self._count += weight

    def result(self):
        if self._total is None or not self._count:
            return torch.zeros((), dtype=torch.float32)
        return (self._total / self._count).to(torch.float32)

    def reset_state(self) -> None:
        self._total = None
        self._count = 0

    @property
    def variables(self) -> list:
        return []


def batch_size_of(x) -> int:
    while isinstance(x, (list, tuple)):
        x = x[0]
    if isinstance(x, dict):
        return batch_size_of(next(iter(x.values())))
    return int(x.shape[0])


class TorchTrainerMixin:
    """``train_step``/``test_step``/``predict_step`` for the torch backend."""

    def _make_loss_tracker(self, name="loss"):
        return LossTracker(name)

    def train_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=True)
        loss = self._compute_loss_for_step(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss, batch_size_of(x))
        variables = self._trainable_variables_for_step()
        for v in variables:
            v.grad = None
        scaled = self.optimizer.scale_loss(loss) if self._scale_loss else loss
        scaled.backward()
        grads = [v.grad for v in variables]
        with torch.no_grad():
            self.optimizer.apply(grads, variables)
        if self._compile_metrics_active:
            with torch.no_grad():
                self._update_compiled_metrics(y, y_pred, sample_weight)
        return self._lazy_logs

    def test_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self._compute_loss_for_step(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, batch_size_of(x))
        if self._compile_metrics_active:
            self._update_compiled_metrics(y, y_pred, sample_weight)
        return self._lazy_logs

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _run_no_grad(self, fn, *args):
        with torch.no_grad():
            return fn(*args)

    def _zero_grads(self) -> None:
        for v in self.trainable_weights:
            v.grad = None
