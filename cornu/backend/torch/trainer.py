"""The torch training step: forward, loss, backward and optimizer update.

With ``jit_compile`` on, the forward pass and the loss run through ``torch.compile``
(see ``jit.py``); the rest of the step is the same eager code either way.
"""

from __future__ import annotations

import torch

from cornu.backend.torch.jit import CompiledFunction
from cornu.trainers.compile_utils import unpack_x_y_sample_weight


class LossTracker:
    """A running mean of the loss kept on the device: one in-place add per step."""

    name = "loss"

    def __init__(self, name="loss"):
        self.name = name
        self._total = None
        self._count = 0

    def update_state(self, value, sample_weight=None) -> None:
        """Adds ``value`` (a batch's mean loss) with weight ``sample_weight`` (default 1)."""
        weight = 1 if sample_weight is None else sample_weight
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


_WARMED_UP = "warmed up"  # a step of this kind ran eagerly once: compile from the next


class TorchTrainerMixin:
    """``train_step``/``test_step``/``predict_step`` for the torch backend."""

    def _make_loss_tracker(self, name="loss"):
        return LossTracker(name)

    # --- the forward pass of a step: eager, or compiled when jit_compile is on -----------
    def _step_function(self, kind: str):
        """The compiled forward(+loss) function for ``kind`` ("train", "test", "predict"),
        or None to run eagerly."""
        if not self._jit_whole_step():
            return None
        fns = self.__dict__.get("_jit_functions")
        if fns is None:
            fns = self.__dict__["_jit_functions"] = {}
        fn = fns.get(kind)
        if fn is None:
            # The first step of each kind runs eagerly: it builds the loss, the metrics and
            # the step caches, whose first-time branches would otherwise become guards.
            fns[kind] = _WARMED_UP
            return None
        if fn is _WARMED_UP:
            what = f"the {kind} step of model '{self.name}'"
            if kind == "predict":
                fn = CompiledFunction(self._predict_forward, what)
            else:
                fn = CompiledFunction(
                    self._train_forward if kind == "train" else self._test_forward, what)
            fns[kind] = fn
        return fn

    def _jit_whole_step(self) -> bool:
        """Whether cornu's own steps run (a user's ``train_step`` compiles ``call`` instead)."""
        cls = type(self)
        return (cls.train_step is TorchTrainerMixin.train_step
                and cls.test_step is TorchTrainerMixin.test_step)

    def _forward_loss(self, x, y, sample_weight, training):
        y_pred = self(x, training=training)
        loss, parts = self._loss_for_step(x, y, y_pred, sample_weight, training)
        return y_pred, loss, parts

    def _train_forward(self, x, y, sample_weight):
        return self._forward_loss(x, y, sample_weight, True)

    def _test_forward(self, x, y, sample_weight):
        return self._forward_loss(x, y, sample_weight, False)

    def _predict_forward(self, x):
        return self(x, training=False)

    def _tracked_forward(self, kind, x, y, sample_weight):
        """Forward pass and loss of a train/test step (compiled or eager), losses tracked."""
        compiled = self._step_function(kind) if self.jit_compile else None
        if compiled is None:
            y_pred, loss, parts = self._forward_loss(x, y, sample_weight, kind == "train")
        else:
            y_pred, loss, parts = compiled(x, y, sample_weight)
        if parts is not None:
            self._track_output_losses(parts)
        self._loss_tracker.update_state(loss, batch_size_of(x))
        return y_pred, loss

    def train_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred, loss = self._tracked_forward("train", x, y, sample_weight)
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
        y_pred, loss = self._tracked_forward("test", x, y, sample_weight)
        if self._compile_metrics_active:
            self._update_compiled_metrics(y, y_pred, sample_weight)
        return self._lazy_logs

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        compiled = self._step_function("predict") if self.jit_compile else None
        return self(x, training=False) if compiled is None else compiled(x)

    def _compile_call(self) -> None:
        """jit_compile with a user-written step: compiles the model's ``call``."""
        if "call" not in self.__dict__:
            object.__setattr__(self, "call",
                               CompiledFunction(self.call, f"model '{self.name}'"))

    def _run_no_grad(self, fn, *args):
        with torch.no_grad():
            return fn(*args)

    def _zero_grads(self) -> None:
        for v in self.trainable_weights:
            v.grad = None
