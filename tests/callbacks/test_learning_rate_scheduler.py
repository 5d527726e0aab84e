"""LearningRateScheduler: the rate set each epoch is the rate the optimizer uses."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import LearningRateScheduler


def _fit(schedule, epochs=3, **kwargs):
    x = np.array([[1.0], [2.0]], "float32")
    y = np.array([[2.0], [4.0]], "float32")
    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1, use_bias=False,
                                                                   kernel_initializer="zeros")])
    model.compile(optimizer=cornu.optimizers.SGD(1.0), loss="mse")
    history = model.fit(x, y, batch_size=2, epochs=epochs, verbose=0, shuffle=False,
                        callbacks=[LearningRateScheduler(schedule, **kwargs)])
    return model, history


def _reference(rates):
    """Full-batch SGD on mse for y = 2x from w = 0, with the given per-epoch rates."""
    x, y, w = np.array([1.0, 2.0]), np.array([2.0, 4.0]), 0.0
    for rate in rates:
        w -= rate * np.mean(2 * (w * x - y) * x)
    return w


def test_rates_applied_and_logged():
    model, history = _fit(lambda epoch, lr: 0.1 / (epoch + 1))
    rates = [0.1, 0.05, 0.1 / 3]
    assert history.history["learning_rate"] == pytest.approx(rates)
    np.testing.assert_allclose(model.get_weights()[0].ravel(), [_reference(rates)], rtol=1e-5)


def test_schedule_of_the_epoch_only_keras1_style():
    _, history = _fit(lambda epoch: 0.01 * (epoch + 1))
    assert history.history["learning_rate"] == pytest.approx([0.01, 0.02, 0.03])


def test_schedule_receives_the_current_rate():
    seen = []

    def schedule(epoch, lr):
        seen.append(round(lr, 6))
        return lr * 0.5

    _fit(schedule)
    assert seen == [1.0, 0.5, 0.25]


def test_non_float_result_is_an_error():
    with pytest.raises(ValueError, match="must return a float"):
        _fit(lambda epoch, lr: "fast")


def test_verbose(capsys):
    _fit(lambda epoch, lr: 0.5, epochs=1, verbose=1)
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.5." in (
        capsys.readouterr().out)


def test_same_rates_as_keras(keras):
    def schedule(epoch, lr):
        return lr if epoch < 2 else lr * 0.9

    rates = {}
    for library in (cornu, keras):
        x = np.ones((4, 1), "float32")
        model = library.Sequential([library.Input((1,)), library.layers.Dense(1)])
        model.compile(optimizer=library.optimizers.SGD(0.1), loss="mse")
        history = model.fit(x, x, epochs=5, verbose=0,
                            callbacks=[library.callbacks.LearningRateScheduler(schedule)])
        rates[library.__name__] = history.history["learning_rate"]
    np.testing.assert_allclose(rates["cornu"], rates["keras"], rtol=1e-6)
