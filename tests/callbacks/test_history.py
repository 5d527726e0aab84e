"""History: per-epoch records, reset of ``epoch`` per fit, ``model.history``."""

from __future__ import annotations

import os

import pytest

from cornu.callbacks import History


class Model:
    pass


def _run(history, epochs, first_epoch=0):
    history.on_train_begin({})
    for offset, logs in enumerate(epochs):
        history.on_epoch_begin(first_epoch + offset, {})
        history.on_epoch_end(first_epoch + offset, logs)
    history.on_train_end({})


EPOCHS = [
    {"loss": 0.9, "accuracy": 0.5, "val_loss": 1.2},
    {"loss": 0.5, "accuracy": 0.75, "val_loss": 0.8},
    {"loss": 0.25, "accuracy": 0.875},  # a key missing in one epoch
]


def test_records_every_epoch():
    model = Model()
    history = History()
    history.set_model(model)
    history.set_params({"verbose": 1, "epochs": 3, "steps": 4})
    _run(history, EPOCHS)
    assert history.history == {
        "loss": [0.9, 0.5, 0.25],
        "accuracy": [0.5, 0.75, 0.875],
        "val_loss": [1.2, 0.8],
    }
    assert history.epoch == [0, 1, 2]
    assert model.history is history
    assert history.params == {"verbose": 1, "epochs": 3, "steps": 4}


def test_without_a_model_and_without_logs():
    history = History()
    history.on_train_begin()
    history.on_epoch_end(0)
    assert history.history == {} and history.epoch == [0]


def test_second_fit_appends_values_and_restarts_epochs_like_keras():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    records = []
    for cls in (keras.callbacks.History, History):
        history = cls()
        history.set_model(Model())
        _run(history, EPOCHS[:2])
        _run(history, EPOCHS[2:], first_epoch=2)  # fit(initial_epoch=2) with the same History
        records.append((history.history, history.epoch))
    assert records[1] == records[0]
