"""TerminateOnNaN: training stops on the batch whose loss is not finite."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import TerminateOnNaN


def _data():
    x = np.ones((16, 1), "float32")
    y = np.ones((16, 1), "float32")
    y[9] = np.nan  # the loss turns NaN on the 5th batch of 2 (batch index 4)
    return x, y


def _model():
    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_stops_after_the_nan_batch(capsys):
    x, y = _data()
    seen = []
    history = _model().fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=[
        TerminateOnNaN(),
        cornu.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b))])
    assert seen == [0, 1, 2, 3, 4]
    assert history.epoch == [0]
    assert np.isnan(history.history["loss"][0])
    assert "Batch 4: Invalid loss, terminating training" in capsys.readouterr().out


def test_raise_error():
    x, y = _data()
    with pytest.raises(RuntimeError, match="after batch 4"):
        _model().fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0,
                     callbacks=[TerminateOnNaN(raise_error=True)])


def test_infinite_loss_also_stops():
    class Model:
        stop_training = False

    callback = TerminateOnNaN()
    callback.set_model(Model())
    callback.on_train_batch_end(0, {"loss": 1.0})
    assert not callback.model.stop_training
    callback.on_train_batch_end(1, {"loss": float("inf")})
    assert callback.model.stop_training
