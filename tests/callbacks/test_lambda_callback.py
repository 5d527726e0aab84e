"""LambdaCallback: given functions replace hooks; others stay empty."""

from __future__ import annotations

import pytest

from cornu.callbacks import CallbackList, LambdaCallback
from cornu.callbacks.callback import HOOKS


def test_named_arguments_and_keyword_hooks_are_called():
    calls = []
    callback = LambdaCallback(
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, logs["loss"])),
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_train_end=lambda logs: calls.append("train_end"),
        on_train_batch_begin=lambda batch, logs: calls.append(("batch_begin", batch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch)),
        on_test_end=lambda logs: calls.append(("test_end", logs["loss"])),
    )
    callbacks = CallbackList([callback])
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    callbacks.on_train_batch_begin(0)
    callbacks.on_train_batch_end(0, {"loss": 1.0})
    callbacks.on_test_begin()  # not given: does nothing
    callbacks.on_test_end({"loss": 0.75})
    callbacks.on_epoch_end(0, {"loss": 0.5})
    callbacks.on_train_end()
    assert calls == [
        "train_begin",
        ("epoch_begin", 0),
        ("batch_begin", 0),
        ("batch_end", 0),
        ("test_end", 0.75),
        ("epoch_end", 0, 0.5),
        "train_end",
    ]


def test_legacy_on_batch_end_is_reached_through_train_batch_end():
    batches = []
    callback = LambdaCallback(on_batch_end=lambda batch, logs: batches.append(batch))
    callback.on_train_batch_end(7, {})
    assert batches == [7]
    assert callback._needs_batch_logs() and callback._needs_batch_hooks("train")


def test_hooks_not_given_stay_default():
    callback = LambdaCallback(on_epoch_end=lambda epoch, logs: None)
    assert not callback._needs_batch_logs()
    for hook in HOOKS:
        if hook != "on_epoch_end":
            assert getattr(callback, hook).__func__ is getattr(LambdaCallback, hook)


def test_bad_arguments():
    with pytest.raises(TypeError, match="on_epoch_ends"):
        LambdaCallback(on_epoch_ends=lambda epoch, logs: None)
    with pytest.raises(TypeError, match="`on_train_end` must be a callable"):
        LambdaCallback(on_train_end="print")


def test_signature_matches_keras():
    import inspect
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    ours = inspect.signature(LambdaCallback).parameters
    theirs = inspect.signature(keras.callbacks.LambdaCallback).parameters
    assert list(ours) == list(theirs)
