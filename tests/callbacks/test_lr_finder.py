"""The learning-rate finder: the sweep, early stop on divergence, restore, suggestions."""

import math

import numpy as np
import pytest

import cornu
from cornu.callbacks import LRFinder, find_learning_rate
from cornu.callbacks.lr_finder import suggest


def _problem(n=512):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")
    return x, y


def _model(optimizer="sgd"):
    model = cornu.Sequential([cornu.Input((4,)), cornu.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    return model


def test_sweep_rates_are_exponential_and_losses_are_per_batch():
    x, y = _problem()
    model = _model()
    result = find_learning_rate(model, x, y, batch_size=32, start_lr=1e-5, end_lr=1e-1,
                                num_steps=20, stop_factor=None)
    np.testing.assert_allclose(result.learning_rates, np.geomspace(1e-5, 1e-1, 20))
    assert len(result.losses) == 20  # 16 batches per epoch: the sweep ran into epoch 2
    assert result.losses[-1] < result.losses[0]


def test_first_loss_is_the_first_batch_loss():
    x, y = _problem(64)
    model = _model()
    kernel, bias = model.get_weights()
    result = find_learning_rate(model, x, y, batch_size=64, num_steps=3, shuffle=False)
    expected = np.mean((x @ kernel + bias - y) ** 2)
    assert result.losses[0] == pytest.approx(expected, rel=1e-5)


def test_stops_when_the_loss_explodes_and_restores_everything():
    x, y = _problem()
    model = _model(cornu.optimizers.Adam(0.003))
    model.fit(x, y, epochs=1, verbose=0)  # the optimizer has state worth keeping
    history = model.history
    weights, state = model.get_weights(), model.optimizer.get_weights()
    result = model.find_learning_rate(x, y, batch_size=16, start_lr=1e-4, end_lr=1e4,
                                      num_steps=200)
    assert len(result.losses) < 200  # diverged long before 1e4
    assert max(result.learning_rates) > 1.0
    for ours, theirs in zip(model.get_weights(), weights):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(model.optimizer.get_weights(), state):
        np.testing.assert_array_equal(ours, theirs)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.003)
    assert model.history is history


def test_suggestion_is_a_rate_where_the_loss_falls():
    x, y = _problem()
    result = _model().find_learning_rate(x, y, batch_size=16, start_lr=1e-6, end_lr=10.0,
                                         num_steps=100)
    assert set(result.suggestions) == {"valley", "steepest", "minimum"}
    assert 1e-4 < result.suggestion < 1.0
    losses = {}
    for rate in (result.suggestion, 1e-4):  # the suggestion trains far better than a tiny rate
        cornu.utils.set_random_seed(0)
        model = _model(cornu.optimizers.SGD(rate))
        losses[rate] = model.fit(x, y, batch_size=16, epochs=1, verbose=0).history["loss"][0]
    assert losses[result.suggestion] < 0.5 * losses[1e-4]


def test_schedule_optimizers_get_their_schedule_back():
    x, y = _problem(128)
    schedule = cornu.optimizers.schedules.ExponentialDecay(0.01, 10, 0.5)
    model = _model(cornu.optimizers.SGD(schedule))
    result = model.find_learning_rate(x, y, num_steps=5)
    assert len(result.losses) == 5
    assert model.optimizer._learning_rate is schedule


def test_callback_in_fit_and_result_plot(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    x, y = _problem(128)
    finder = LRFinder(num_steps=8, start_lr=1e-4, end_lr=1.0)
    _model().fit(x, y, batch_size=16, epochs=5, verbose=0, callbacks=[finder])
    assert len(finder.result.losses) == 8
    ax = finder.result.plot()
    assert ax.get_xscale() == "log"
    ax.figure.savefig(tmp_path / "lr.png")
    assert (tmp_path / "lr.png").stat().st_size > 1000


def test_suggest_on_a_known_curve():
    rates = list(np.geomspace(1e-6, 1.0, 7))
    losses = [1.0, 0.99, 0.9, 0.5, 0.3, 0.29, 5.0]
    suggestions = suggest(rates, losses)
    assert suggestions["steepest"] == pytest.approx(1e-3)
    assert suggestions["minimum"] == pytest.approx(1e-2)
    assert suggestions["valley"] == pytest.approx(1e-4)  # middle of the fall: steps 0-5
    assert suggest(rates[:2], losses[:2]) == {}
    assert suggest(rates, [math.nan] * 7) == {}


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(start_lr=1.0, end_lr=0.1), "start_lr < end_lr"),
    (dict(num_steps=1), "num_steps"),
    (dict(suggestion="best"), "suggestion"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LRFinder(**kwargs)


def test_uncompiled_model():
    model = cornu.Sequential([cornu.Input((4,)), cornu.layers.Dense(1)])
    with pytest.raises(RuntimeError, match="compile"):
        find_learning_rate(model, *_problem(16))
