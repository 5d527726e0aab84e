"""CallbackList: forwarding, default callbacks, log normalisation and the batch-need flags."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from cornu.callbacks import Callback, CallbackList, History, LambdaCallback, ProgbarLogger
from cornu.callbacks.callback import HOOKS


class Model:
    """The little a callback needs of a model."""


class Recorder(Callback):
    """Records every hook call it receives, with its arguments."""

    def __init__(self, name: str, journal: list) -> None:
        super().__init__()
        self.name = name
        self.journal = journal

    def __getattribute__(self, attr):
        if attr in HOOKS:
            journal, name = object.__getattribute__(self, "journal"), self.name
            return lambda *args: journal.append((name, attr, *args))
        return object.__getattribute__(self, attr)


def _call(target, hook, logs):
    if "batch" in hook or "epoch" in hook:
        return getattr(target, hook)(4, logs)
    return getattr(target, hook)(logs)


def test_every_hook_is_forwarded_in_order():
    journal = []
    callbacks = CallbackList([Recorder("a", journal), [Recorder("b", journal)]])
    for hook in HOOKS:
        journal.clear()
        logs = {"loss": 0.5}
        _call(callbacks, hook, logs)
        args = (4, logs) if ("batch" in hook or "epoch" in hook) else (logs,)
        assert journal == [("a", hook, *args), ("b", hook, *args)], hook


def test_batch_logs_pass_through_untouched():
    class Lazy(Mapping):
        reads = 0

        def __getitem__(self, key):
            Lazy.reads += 1
            return 1.0

        def __iter__(self):
            return iter(["loss"])

        def __len__(self):
            return 1

    received = []
    callbacks = CallbackList(
        [LambdaCallback(on_train_batch_end=lambda batch, logs: received.append(logs))]
    )
    lazy = Lazy()
    callbacks.on_train_batch_end(0, lazy)
    callbacks.on_train_batch_end(1, None)
    assert received[0] is lazy and Lazy.reads == 0
    assert received[1] == {}


def test_epoch_logs_are_sorted_flattened_and_pythonified():
    torch = pytest.importorskip("torch")
    received = []
    callbacks = CallbackList([LambdaCallback(on_epoch_end=lambda e, logs: received.append(logs))])
    vector = np.array([1.0, 2.0])
    callbacks.on_epoch_end(
        0,
        {
            "loss": torch.tensor(0.25),
            "val_loss": np.float32(0.5),
            "accuracy": np.array(0.75),
            "nested": {"mae": torch.tensor([1.5]), "count": 3},
            "vector": vector,
            "name": "adam",
        },
    )
    (logs,) = received
    assert list(logs) == ["accuracy", "loss", "name", "count", "mae", "val_loss", "vector"]
    assert logs["loss"] == 0.25 and type(logs["loss"]) is float
    assert type(logs["val_loss"]) is float and type(logs["accuracy"]) is float
    assert logs["mae"] == 1.5 and logs["count"] == 3.0 and type(logs["count"]) is float
    assert logs["name"] == "adam" and logs["vector"] is vector


def test_default_callbacks_are_added_once():
    callbacks = CallbackList(add_history=True, add_progbar=True)
    assert [type(c) for c in callbacks] == [History, ProgbarLogger]
    mine_history, mine_progbar = History(), ProgbarLogger()
    callbacks = CallbackList(
        [mine_progbar, mine_history], add_history=True, add_progbar=True, verbose=1
    )
    assert callbacks.callbacks == [mine_progbar, mine_history]
    assert len(CallbackList([Callback()])) == 1


def test_model_and_params_reach_every_callback():
    model = Model()
    user = Callback()
    params = {"verbose": 2, "epochs": 3, "steps": 7}
    callbacks = CallbackList([user], add_history=True, add_progbar=True, model=model, **params)
    for callback in callbacks:
        assert callback.model is model
        assert callback.params == params
    assert model.history is callbacks.callbacks[1]
    progbar = callbacks.callbacks[2]
    assert (progbar.verbose, progbar.epochs, progbar.target) == (2, 3, 7)

    late = Callback()
    callbacks.append(late)
    assert late.model is model and late.params == params


def test_falsy_model_is_still_set():
    class EmptyModel(Model):
        def __len__(self):
            return 0

    model = EmptyModel()
    callbacks = CallbackList([Callback()], add_history=True, model=model)
    assert callbacks.callbacks[0].model is model
    assert model.history is callbacks.callbacks[1]


def test_needs_batch_logs_and_hooks():
    defaults = CallbackList(add_history=True, add_progbar=True, verbose=2, epochs=1, steps=5)
    assert defaults.needs_batch_logs is False
    assert defaults.needs_batch_hooks("train") is False
    verbose_one = CallbackList(add_history=True, add_progbar=True, verbose=1, epochs=1, steps=5)
    assert verbose_one.needs_batch_logs is False
    assert verbose_one.needs_batch_hooks("train") is True
    assert verbose_one.needs_batch_hooks("predict") is True

    class EpochOnly(Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    class Legacy(Callback):
        def on_batch_end(self, batch, logs=None):
            pass

    assert CallbackList([EpochOnly()], add_history=True).needs_batch_logs is False
    legacy = CallbackList([Legacy()], add_history=True, verbose=2, epochs=1, steps=5)
    assert legacy.needs_batch_logs is True
    assert legacy.needs_batch_hooks("train") is True
    assert legacy.needs_batch_hooks("test") is False
    lam = CallbackList([LambdaCallback(on_test_batch_begin=lambda b, logs: None)])
    assert lam.needs_batch_logs is True and lam.needs_batch_hooks("test") is True
    with pytest.raises(ValueError, match="mode"):
        lam.needs_batch_hooks("training")


def test_non_callbacks_are_rejected():
    with pytest.raises(TypeError, match="item 1 of `callbacks`.*LambdaCallback"):
        CallbackList([Callback(), lambda logs: None])
    with pytest.raises(TypeError, match="item 1"):
        CallbackList([Callback()]).append("not a callback")


def test_matches_keras_default_callbacks_and_history(monkeypatch):
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    epochs = [{"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75}, {"loss": 0.4, "accuracy": 0.5}]
    results = []
    for module in (keras.callbacks, __import__("cornu.callbacks").callbacks):
        model = Model()
        callbacks = module.CallbackList(
            None, add_history=True, add_progbar=False, model=model, verbose=0, epochs=2, steps=1
        )
        callbacks.on_train_begin()
        for epoch, logs in enumerate(epochs):
            callbacks.on_epoch_begin(epoch)
            callbacks.on_epoch_end(epoch, logs)
        callbacks.on_train_end()
        history = model.history
        results.append((history.history, list(history.history), history.epoch, history.params))
    assert results[1] == results[0]
