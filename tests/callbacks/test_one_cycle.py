"""One-cycle policy: the same rates and momenta as torch's OneCycleLR, step by step."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import OneCycle, OneCycleScheduler

torch = pytest.importorskip("torch")


def _torch_schedule(total_steps, use_beta1=False, **kwargs):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = (torch.optim.Adam([parameter]) if use_beta1
                 else torch.optim.SGD([parameter], lr=0.1, momentum=0.9))
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, total_steps=total_steps,
                                                    **kwargs)
    rates, momenta = [], []
    for step in range(total_steps):
        group = optimizer.param_groups[0]
        rates.append(group["lr"])
        momenta.append(group["betas"][0] if use_beta1 else group["momentum"])
        optimizer.step()
        if step < total_steps - 1:
            scheduler.step()
    return np.array(rates), np.array(momenta)


@pytest.mark.parametrize("settings", [
    dict(max_lr=0.1),
    dict(max_lr=1.0, pct_start=0.5, div_factor=10.0, final_div_factor=100.0),
    dict(max_lr=0.05, pct_start=0.1, anneal_strategy="linear"),
])
def test_schedule_matches_torch(settings):
    expected, _ = _torch_schedule(37, **settings)
    schedule = OneCycle(total_steps=37, **settings)
    ours_python = [schedule._python_value(step) for step in range(37)]
    ours_tensor = [float(schedule(step)) for step in range(37)]
    np.testing.assert_allclose(ours_python, expected, rtol=1e-12)
    np.testing.assert_allclose(ours_tensor, expected, rtol=1e-5, atol=1e-8)  # float32


@pytest.mark.parametrize(("optimizer", "attribute"), [
    (lambda: cornu.optimizers.SGD(momentum=0.9), "momentum"),
    (lambda: cornu.optimizers.Adam(), "beta_1"),
])
def test_callback_drives_rate_and_momentum_like_torch(optimizer, attribute):
    x = np.random.default_rng(0).random((20, 2)).astype("float32")
    model = cornu.Sequential([cornu.Input((2,)), cornu.layers.Dense(1)])
    model.compile(optimizer=optimizer(), loss="mse")
    seen = []
    record = cornu.callbacks.LambdaCallback(on_train_batch_begin=lambda batch, logs: seen.append(
        (float(model.optimizer.learning_rate), getattr(model.optimizer, attribute))))
    history = model.fit(x, x[:, :1], batch_size=4, epochs=3, verbose=0,
                        callbacks=[OneCycleScheduler(max_lr=0.2), record])
    rates, momenta = _torch_schedule(15, use_beta1=attribute == "beta_1", max_lr=0.2)
    np.testing.assert_allclose([r for r, _ in seen], rates, rtol=1e-6)
    np.testing.assert_allclose([m for _, m in seen], momenta, rtol=1e-12)
    np.testing.assert_allclose(history.history["learning_rate"], rates[4::5], rtol=1e-6)


def test_optimizer_without_momentum_warns():
    x = np.ones((4, 1), "float32")
    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.warns(UserWarning, match="only the learning rate is cycled"):
        model.fit(x, x, epochs=1, verbose=0, callbacks=[OneCycleScheduler(max_lr=0.1)])


def test_schedule_as_an_optimizer_learning_rate():
    schedule = OneCycle(max_lr=0.1, total_steps=10)
    optimizer = cornu.optimizers.SGD(learning_rate=schedule)
    assert float(optimizer.learning_rate) == pytest.approx(0.1 / 25)
    assert OneCycle.from_config(schedule.get_config()).get_config() == schedule.get_config()


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(total_steps=0), "total_steps"),
    (dict(total_steps=10, pct_start=1.5), "pct_start"),
    (dict(total_steps=10, anneal_strategy="exp"), "anneal_strategy"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        OneCycle(max_lr=0.1, **kwargs)
