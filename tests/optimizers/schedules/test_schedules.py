"""Learning-rate schedules against NumPy formulas and Keras 3, on tensors and as floats."""

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.optimizers import schedules

from .. import reference as ref
from ..harness import assert_histories_close, make_data, run_cornu, run_keras

STEPS = list(range(0, 61)) + [99, 100, 101, 150, 1000]

CASES = [
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=7, decay_rate=0.5),
     lambda s: ref.exponential_decay(s, 0.1, 7, 0.5)),
    ("ExponentialDecay",
     dict(initial_learning_rate=0.1, decay_steps=7, decay_rate=0.5, staircase=True),
     lambda s: ref.exponential_decay(s, 0.1, 7, 0.5, staircase=True)),
    ("PiecewiseConstantDecay", dict(boundaries=[5, 20, 40], values=[1.0, 0.5, 0.1, 0.01]),
     lambda s: ref.piecewise_constant(s, [5, 20, 40], [1.0, 0.5, 0.1, 0.01])),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=30),
     lambda s: ref.polynomial_decay(s, 0.1, 30)),
    ("PolynomialDecay",
     dict(initial_learning_rate=0.1, decay_steps=13, end_learning_rate=0.01, power=2.0,
          cycle=True),
     lambda s: ref.polynomial_decay(s, 0.1, 13, 0.01, 2.0, cycle=True)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=4, decay_rate=0.3),
     lambda s: ref.inverse_time_decay(s, 0.1, 4, 0.3)),
    ("InverseTimeDecay",
     dict(initial_learning_rate=0.1, decay_steps=4, decay_rate=0.3, staircase=True),
     lambda s: ref.inverse_time_decay(s, 0.1, 4, 0.3, staircase=True)),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=50, alpha=0.2),
     lambda s: ref.cosine_decay(s, 0.1, 50, 0.2)),
    ("CosineDecay",
     dict(initial_learning_rate=0.0, decay_steps=40, warmup_target=0.5, warmup_steps=10),
     lambda s: ref.cosine_decay(s, 0.0, 40, 0.0, 0.5, 10)),
    ("CosineDecay",
     dict(initial_learning_rate=0.1, decay_steps=40, warmup_target=0.5, warmup_steps=0),
     lambda s: ref.cosine_decay(s, 0.1, 40, 0.0, 0.5, 0)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=10),
     lambda s: ref.cosine_decay_restarts(s, 0.1, 10)),
    ("CosineDecayRestarts",
     dict(initial_learning_rate=0.1, first_decay_steps=7, t_mul=1.0, m_mul=0.5, alpha=0.1),
     lambda s: ref.cosine_decay_restarts(s, 0.1, 7, 1.0, 0.5, 0.1)),
    ("CosineDecayRestarts",
     dict(initial_learning_rate=0.1, first_decay_steps=6, t_mul=1.5, m_mul=0.9, alpha=0.05),
     lambda s: ref.cosine_decay_restarts(s, 0.1, 6, 1.5, 0.9, 0.05)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_numpy_formula(case):
    name, kwargs, formula = case
    schedule = getattr(schedules, name)(**kwargs)
    for step in STEPS:
        expected = formula(step)
        as_tensor = float(schedule(ops.convert_to_tensor(step, dtype="int64")))
        assert as_tensor == pytest.approx(expected, rel=1e-5, abs=1e-7), step
        assert schedule._python_value(step) == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert float(schedule(step)) == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_keras(keras, case):
    import torch

    name, kwargs, _ = case
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    for step in STEPS:
        if step in _geometric_restarts(name, kwargs):
            continue  # Keras's float32 log() may put an exact restart in the previous period
        expected = float(theirs(torch.tensor(step)))
        assert float(ours(step)) == pytest.approx(expected, rel=1e-5, abs=1e-7), step
        assert ours._python_value(step) == pytest.approx(expected, rel=2e-5, abs=1e-7), step
    assert ours.get_config() == theirs.get_config()


def _geometric_restarts(name, kwargs) -> set:
    if name != "CosineDecayRestarts" or kwargs.get("t_mul", 2.0) == 1.0:
        return set()
    starts, period, start = set(), kwargs["first_decay_steps"], 0
    while start < 2000:
        start += period
        period *= kwargs.get("t_mul", 2.0)
        starts.add(start)
    return starts


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_config_round_trip(case):
    name, kwargs, _ = case
    schedule = getattr(schedules, name)(**kwargs)
    config = schedules.serialize(schedule)
    assert config["class_name"] == name
    again = schedules.deserialize(config)
    assert type(again) is type(schedule) and again.get_config() == schedule.get_config()
    assert type(schedule).from_config(schedule.get_config()).get_config() == (
        schedule.get_config()
    )


def test_errors_and_custom_schedules():
    with pytest.raises(ValueError, match="decay_steps"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="first_decay_steps"):
        schedules.CosineDecayRestarts(0.1, -1)
    with pytest.raises(ValueError, match="one element fewer"):
        schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2])
    with pytest.raises(NotImplementedError):
        schedules.LearningRateSchedule()(0)
    with pytest.raises(ValueError, match="Unknown learning rate schedule"):
        schedules.deserialize({"class_name": "Nope", "config": {}})

    class Halving(schedules.LearningRateSchedule):
        def __call__(self, step):
            return 1.0 / ops.power(2.0, ops.cast(step, "float32"))

        def get_config(self):
            return {}

    w = cornu.Variable(np.zeros(2, "float32"))
    opt = cornu.optimizers.SGD(learning_rate=Halving())
    for _ in range(3):
        opt.apply([ops.ones((2,))], [w])
    np.testing.assert_allclose(w.numpy(), [-1.75, -1.75])
    restored = schedules.deserialize(schedules.serialize(Halving()),
                                     custom_objects={"Halving": Halving})
    assert isinstance(restored, Halving)


@pytest.mark.parametrize("case", CASES[::3], ids=IDS[::3])
@pytest.mark.parametrize("name", ["SGD", "Adam", "Adafactor"])
def test_optimizer_with_schedule_matches_keras(keras, case, name):
    schedule_name, kwargs, _ = case
    params, grads = make_data(seed=11)
    ours, opt = run_cornu(
        name, {"learning_rate": getattr(schedules, schedule_name)(**kwargs)}, params, grads
    )
    theirs = run_keras(
        keras, name,
        {"learning_rate": getattr(keras.optimizers.schedules, schedule_name)(**kwargs)},
        params, grads,
    )
    assert_histories_close(ours, theirs, rtol=1e-5, atol=1e-5)
    expected_lr = getattr(schedules, schedule_name)(**kwargs)._python_value(len(grads))
    assert float(opt.learning_rate) == pytest.approx(expected_lr, rel=1e-5)
