"""ReduceLROnPlateau: the learning rates applied, against real Keras and in fit."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import ReduceLROnPlateau


class FakeOptimizer:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate


class FakeModel:
    def __init__(self, learning_rate=0.1):
        self.optimizer = FakeOptimizer(learning_rate)
        self.stop_training = False
        self.metrics = []


def _rates(callback, curve, learning_rate=0.1):
    model = FakeModel(learning_rate)
    callback.set_model(model)
    callback.on_train_begin()
    rates, logged = [], []
    for epoch, value in enumerate(curve):
        logs = {"val_loss": value}
        callback.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
        rates.append(float(model.optimizer.learning_rate))
    return rates, logged


CURVE = [1.0, 0.9, 0.9, 0.9, 0.95, 0.89995, 0.91, 0.92, 0.93, 0.5, 0.6, 0.6, 0.6, 0.6]


@pytest.mark.parametrize("settings", [
    dict(patience=0),
    dict(patience=1, factor=0.5),
    dict(patience=2, factor=0.2, cooldown=2),
    dict(patience=1, factor=0.5, min_lr=0.03),
    dict(patience=1, min_delta=0.0),
    dict(patience=2, min_delta=0.2, mode="min"),
])
def test_same_rates_as_keras(keras, settings):
    ours = _rates(ReduceLROnPlateau(**settings), CURVE)
    theirs = _rates(keras.callbacks.ReduceLROnPlateau(**settings), CURVE)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_factor_must_be_below_one():
    with pytest.raises(ValueError, match="factor=1.5"):
        ReduceLROnPlateau(factor=1.5)


def test_keras2_epsilon_is_min_delta():
    with pytest.warns(DeprecationWarning, match="min_delta"):
        callback = ReduceLROnPlateau(epsilon=0.25)
    assert callback.min_delta == 0.25


def test_reduces_the_optimizer_rate_in_fit(capsys):
    x = np.ones((8, 1), "float32")
    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    model.compile(optimizer=cornu.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, x, epochs=3, validation_data=(x, x), verbose=0, callbacks=[
        cornu.callbacks.LambdaCallback(
            on_epoch_end=lambda epoch, logs: logs.update(val_loss=1.0)),
        ReduceLROnPlateau(patience=1, factor=0.5, verbose=1)])
    assert history.history["learning_rate"] == pytest.approx([0.01, 0.01, 0.005])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0025)
    assert "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.00499" in capsys.readouterr().out
