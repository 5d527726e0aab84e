"""EarlyStopping: the epoch it stops at, against real Keras and on real training runs."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import EarlyStopping


class FakeModel:
    """Just what EarlyStopping touches: stop_training and the weights."""

    def __init__(self):
        self.stop_training = False
        self.metrics = []
        self.weights_value = 0

    def get_weights(self):
        return [np.array(self.weights_value)]

    def set_weights(self, weights):
        self.weights_value = int(weights[0])


def _drive(callback, values, key="val_loss"):
    """Runs the epoch loop of fit on ``values``; returns (epochs run, restored weights)."""
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    ran = 0
    for epoch, value in enumerate(values):
        model.weights_value = epoch  # "weights" = index of the epoch that produced them
        callback.on_epoch_end(epoch, {key: value})
        ran += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return ran, model.weights_value, callback.stopped_epoch, callback.best_epoch


CURVES = [
    [1.0, 0.9, 0.8, 0.85, 0.84, 0.83, 0.82, 0.7, 0.6],
    [1.0, 1.0, 1.0, 1.0, 1.0],
    [0.5, 0.49995, 0.4999, 0.3, 0.31, 0.32, 0.33],
    [3.0, 2.0, 2.5, 1.9, 1.95, 1.96, 1.97, 1.98],
]
SETTINGS = [
    dict(patience=0),
    dict(patience=2),
    dict(patience=3, min_delta=0.05),
    dict(patience=1, restore_best_weights=True),
    dict(patience=2, baseline=0.75),
    dict(patience=2, baseline=0.75, restore_best_weights=True),
    dict(patience=1, start_from_epoch=3),
    dict(patience=2, mode="max"),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("curve", CURVES)
def test_same_stop_as_keras(keras, settings, curve):
    ours = _drive(EarlyStopping(**settings), curve)
    theirs = _drive(keras.callbacks.EarlyStopping(**settings), curve)
    assert ours == theirs


def _scripted(library, key, curve):
    """A callback that overwrites ``logs[key]`` with ``curve[epoch]`` for those after it."""

    class Scripted(library.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs[key] = curve[epoch]

    return Scripted()


def test_accuracy_goes_up_in_auto_mode(keras):
    curve = [0.5, 0.6, 0.55, 0.58, 0.59, 0.7, 0.7, 0.7]
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    for library in (cornu, keras):
        model = library.Sequential([library.Input((2,)), library.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
        stopper = library.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
        history = model.fit(x, y, epochs=8, validation_data=(x, y), verbose=0,
                            callbacks=[_scripted(library, "val_accuracy", curve), stopper])
        assert history.epoch == [0, 1, 2, 3]
        assert stopper.best == 0.6


def test_unknown_direction_is_an_error():
    callback = EarlyStopping(monitor="val_custom")
    callback.set_model(FakeModel())
    with pytest.raises(ValueError, match="mode='max'"):
        callback.on_epoch_end(0, {"val_custom": 1.0})


def test_missing_monitor_warns_and_trains_on():
    callback = EarlyStopping(monitor="val_loss", patience=0)
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    with pytest.warns(UserWarning, match="Available: loss"):
        callback.on_epoch_end(0, {"loss": 1.0})
    assert not model.stop_training


def _regression(n=64):
    rng = np.random.default_rng(0)
    x = rng.random((n, 2)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0]], "float32") + 0.5)


def test_fit_stops_at_the_expected_epoch():
    """A learning rate of 0 keeps the loss constant: stop after `patience` more epochs."""
    x, y = _regression()
    model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(1)])
    model.compile(optimizer=cornu.optimizers.SGD(0.0), loss="mse")
    history = model.fit(x, y, epochs=50, validation_data=(x, y), verbose=0,
                        callbacks=[EarlyStopping(patience=3)])
    assert history.epoch == [0, 1, 2, 3]


def test_restore_best_weights_in_fit():
    x, y = _regression()
    model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(1)])
    model.compile(optimizer=cornu.optimizers.SGD(0.05), loss="mse")
    snapshots = []
    keep = cornu.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights()))

    class Worsen(cornu.callbacks.Callback):  # makes epochs 3+ look worse than epoch 2
        def on_epoch_end(self, epoch, logs=None):
            if epoch >= 3:
                logs["val_loss"] = 10.0 + epoch

    stopper = EarlyStopping(patience=2, restore_best_weights=True, verbose=0)
    history = model.fit(x, y, epochs=20, validation_data=(x, y), verbose=0,
                        callbacks=[keep, Worsen(), stopper])
    assert history.epoch == [0, 1, 2, 3, 4]
    assert stopper.best_epoch == 2
    for restored, best in zip(model.get_weights(), snapshots[2]):
        np.testing.assert_array_equal(restored, best)


def test_verbose_messages(capsys):
    callback = EarlyStopping(monitor="loss", patience=0, verbose=1, restore_best_weights=True)
    model = FakeModel()
    _drive(callback, [1.0, 2.0], key="loss")
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping" in out
    assert "best epoch: 1." in out
    del model
