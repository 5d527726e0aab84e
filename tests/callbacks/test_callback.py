"""Callback base class: default hooks, the legacy batch aliases, model and params."""

from __future__ import annotations

import pytest

from cornu.callbacks import Callback, History, LambdaCallback, ProgbarLogger
from cornu.callbacks.callback import BATCH_HOOKS, HOOKS, overrides_hook


class Recorder(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.calls = []

    def on_batch_begin(self, batch, logs=None):
        self.calls.append(("on_batch_begin", batch, logs))

    def on_batch_end(self, batch, logs=None):
        self.calls.append(("on_batch_end", batch, logs))


def test_every_hook_exists_and_does_nothing_by_default():
    callback = Callback()
    for hook in HOOKS:
        args = (0, {"loss": 1.0}) if "batch" in hook or "epoch" in hook else ({},)
        assert getattr(callback, hook)(*args) is None
        assert not overrides_hook(callback, hook)
    assert callback.model is None and callback.params is None


def test_train_batch_hooks_call_the_legacy_names():
    callback = Recorder()
    logs = {"loss": 0.5}
    callback.on_train_batch_begin(3, logs)
    callback.on_train_batch_end(3, logs)
    callback.on_test_batch_end(3, logs)  # test batches have no legacy alias
    assert callback.calls == [("on_batch_begin", 3, logs), ("on_batch_end", 3, logs)]
    assert overrides_hook(callback, "on_batch_end")
    assert not overrides_hook(callback, "on_train_batch_end")


def test_set_model_and_params():
    class Model:
        pass

    model, callback = Model(), Callback()
    callback.set_model(model)
    callback.set_params({"verbose": 1, "epochs": 3, "steps": 10})
    assert callback.model is model
    assert callback.params == {"verbose": 1, "epochs": 3, "steps": 10}
    other = Model()
    callback.model = other  # Keras 2 scripts assign the attribute directly
    assert callback.model is other


def test_subclass_that_skips_super_init_still_works():
    class NoInit(Callback):
        def __init__(self):
            self.losses = []

        def on_epoch_end(self, epoch, logs=None):
            self.losses.append(logs["loss"])

    callback = NoInit()
    assert callback.model is None and callback.params is None
    callback.on_epoch_end(0, {"loss": 2.0})
    assert callback.losses == [2.0]


@pytest.mark.parametrize(
    "callback, logs, hooks",
    [
        (Callback(), False, {"train": False, "test": False, "predict": False}),
        (History(), False, {"train": False, "test": False, "predict": False}),
        (Recorder(), True, {"train": True, "test": False, "predict": False}),
        (
            LambdaCallback(on_predict_batch_end=lambda batch, logs: None),
            True,
            {"train": False, "test": False, "predict": True},
        ),
    ],
)
def test_batch_needs(callback, logs, hooks):
    assert callback._needs_batch_logs() is logs
    assert {mode: callback._needs_batch_hooks(mode) for mode in BATCH_HOOKS} == hooks


@pytest.mark.parametrize("verbose, steps, needs", [(1, 10, True), (2, 10, False), (2, None, True)])
def test_progbar_logger_batch_needs(verbose, steps, needs):
    logger = ProgbarLogger()
    logger.set_params({"verbose": verbose, "epochs": 1, "steps": steps})
    assert logger._needs_batch_logs() is False  # it reads them lazily, when it prints
    assert logger._needs_batch_hooks("train") is needs
    assert logger._needs_batch_hooks("test") is needs  # evaluate shows a bar
    logger.on_train_begin()
    assert logger._needs_batch_hooks("test") is False  # validation inside fit is silent


def test_hook_names_match_keras():
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    theirs = {name for name in dir(keras.callbacks.Callback) if name.startswith("on_")}
    assert set(HOOKS) == theirs
