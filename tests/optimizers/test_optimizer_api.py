"""The Optimizer API: lookup, config, learning rate, iterations, state, errors."""

import numpy as np
import pytest

import cornu
from cornu import ops, optimizers

from .reference import ReferenceOptimizer

NAMES = ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "adamw",
         "adafactor", "ftrl", "lion", "lamb"]


def _vars(*shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [cornu.Variable(rng.normal(size=s).astype("float32")) for s in shapes]


@pytest.mark.parametrize("name", NAMES)
def test_get_by_name_any_case(name):
    opt = optimizers.get(name.upper())
    assert type(opt).__name__.lower() == name
    assert optimizers.get(opt) is opt


def test_get_dicts_none_and_errors():
    assert optimizers.get(None) is None
    opt = optimizers.get({"class_name": "SGD", "config": {"learning_rate": 0.3}})
    assert isinstance(opt, optimizers.SGD) and opt.get_config()["learning_rate"] == 0.3
    with pytest.raises(ValueError, match=r"'adamm'.*'sgd'.*'lamb'"):
        optimizers.get("adamm")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        optimizers.get(42)


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (optimizers.SGD, {"learning_rate": 0.2, "momentum": 0.5, "nesterov": True}),
        (optimizers.Adam, {"beta_1": 0.7, "amsgrad": True, "clipnorm": 1.0}),
        (optimizers.AdamW, {"weight_decay": 0.3, "use_ema": True, "ema_momentum": 0.5}),
        (optimizers.RMSprop, {"rho": 0.5, "centered": True, "global_clipnorm": 2.0}),
        (optimizers.Adagrad, {"initial_accumulator_value": 0.3, "loss_scale_factor": 2.0}),
        (optimizers.Adadelta, {"rho": 0.5, "gradient_accumulation_steps": 4}),
        (optimizers.Adamax, {"beta_2": 0.5, "clipvalue": 0.1}),
        (optimizers.Nadam, {"epsilon": 1e-3, "ema_overwrite_frequency": 3, "use_ema": True}),
        (optimizers.Adafactor, {"beta_2_decay": -0.5, "relative_step": False}),
        (optimizers.Ftrl, {"l1_regularization_strength": 0.1, "beta": 0.2}),
        (optimizers.Lion, {"beta_1": 0.5}),
        (optimizers.Lamb, {"beta_1": 0.5, "weight_decay": 0.1}),
    ],
)
def test_config_round_trip(cls, kwargs):
    opt = cls(**kwargs, name="my_opt")
    config = opt.get_config()
    for key, value in kwargs.items():
        assert config[key] == value
    again = cls.from_config(config)
    assert again.get_config() == config
    restored = optimizers.deserialize(optimizers.serialize(opt))
    assert type(restored) is cls and restored.get_config() == config


def test_config_with_a_schedule():
    schedule = optimizers.schedules.CosineDecay(0.1, decay_steps=100, alpha=0.1)
    opt = optimizers.Adam(learning_rate=schedule)
    config = opt.get_config()
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    again = optimizers.Adam.from_config(config)
    assert isinstance(again._learning_rate, optimizers.schedules.CosineDecay)
    assert again._learning_rate.get_config() == schedule.get_config()
    assert [v.path.split("/")[-1] for v in again.variables] == ["iteration"]


def test_learning_rate_property_and_assignment():
    (w,) = _vars((3,))
    opt = optimizers.SGD(learning_rate=0.1)
    assert float(opt.learning_rate) == pytest.approx(0.1)
    before = w.numpy().copy()
    opt.apply([ops.ones((3,))], [w])
    np.testing.assert_allclose(w.numpy(), before - 0.1, rtol=1e-6)
    opt.learning_rate = 0.5  # setter
    before = w.numpy().copy()
    opt.apply([ops.ones((3,))], [w])
    np.testing.assert_allclose(w.numpy(), before - 0.5, rtol=1e-6)
    opt.learning_rate.assign(0.25)  # writes the Variable directly
    before = w.numpy().copy()
    opt.apply([ops.ones((3,))], [w])
    np.testing.assert_allclose(w.numpy(), before - 0.25, rtol=1e-6)
    assert opt.get_config()["learning_rate"] == pytest.approx(0.25)


def test_learning_rate_schedules_and_callables():
    (w,) = _vars((2,))
    schedule = optimizers.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    for k in range(3):
        assert float(opt.learning_rate) == pytest.approx(0.5**k)
        before = w.numpy().copy()
        opt.apply([ops.ones((2,))], [w])
        np.testing.assert_allclose(w.numpy(), before - 0.5**k, rtol=1e-6)
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        opt.learning_rate = 0.1
    opt = optimizers.SGD(learning_rate=lambda: 0.125)
    assert opt.learning_rate == 0.125
    # Replacing a float learning rate by a schedule drops the Variable, as Keras does.
    opt = optimizers.SGD(0.1)
    opt.learning_rate = schedule
    assert [v.name for v in opt.variables] == ["iteration"]


def test_iterations_counter_and_external_assignment():
    (w,) = _vars((4,))
    opt = optimizers.Adam(learning_rate=0.1)
    assert opt.iterations.dtype == cornu.backend.to_engine_dtype("int64")
    for _ in range(3):
        opt.apply([ops.ones((4,))], [w])
    assert int(opt.iterations) == 3
    assert opt.apply_gradients([(ops.ones((4,)), w)]) is opt.iterations
    assert int(opt.iterations) == 4
    # Bias corrections follow an assigned counter (t = 101 on the next update).
    fresh = optimizers.Adam(learning_rate=0.1)
    (v,) = _vars((4,), seed=1)
    fresh.build([v])
    fresh.iterations.assign(100)
    before = v.numpy().copy()
    fresh.apply([ops.ones((4,))], [v])
    alpha = 0.1 * np.sqrt(1 - 0.999**101) / (1 - 0.9**101)
    expected = before - alpha * 0.1 / (np.sqrt(0.001) + 1e-7)
    np.testing.assert_allclose(v.numpy(), expected, rtol=1e-5)
    accumulating = optimizers.SGD(gradient_accumulation_steps=2)
    for _ in range(5):
        accumulating.apply([ops.ones((4,))], [w])
    assert int(accumulating.iterations) == 2 and int(accumulating._iterations) == 5


def test_legacy_lr_and_decay():
    from cornu.optimizers import legacy_arguments

    legacy_arguments._warned.clear()
    with pytest.warns(DeprecationWarning, match="learning_rate="):
        opt = optimizers.SGD(lr=0.1, decay=0.5, momentum=0)
    assert opt.get_config()["decay"] == 0.5
    params = [np.ones(3, "float32")]
    ref = ReferenceOptimizer("SGD", params, learning_rate=0.1, decay=0.5)
    (w,) = [cornu.Variable(p) for p in params]
    for k in range(4):
        g = np.full(3, k + 1.0, "float32")
        opt.apply([ops.convert_to_tensor(g)], [w])
        ref.apply([g])
        np.testing.assert_allclose(w.numpy(), ref.params[0], rtol=1e-6)
    again = optimizers.SGD.from_config(opt.get_config())
    assert again._legacy_decay == 0.5
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        optimizers.Adam(lr=0.01, decay=0.0)  # warned once already: silent now
    with pytest.warns(DeprecationWarning, match="optimizer.learning_rate"):
        assert float(opt.lr) == pytest.approx(0.1)
    with pytest.warns(DeprecationWarning, match="schedule_decay"):
        optimizers.Nadam(lr=0.002, schedule_decay=0.004)
    assert optimizers.Adam(epsilon=None).epsilon == cornu.backend.epsilon()


@pytest.mark.parametrize("name", ["Adam", "RMSprop", "Adagrad", "Adadelta"])
def test_legacy_decay_matches_reference(name):
    params = [np.linspace(-1, 1, 6, dtype="float32").reshape(2, 3)]
    ref = ReferenceOptimizer(name, params, learning_rate=0.1, decay=0.3)
    opt = getattr(optimizers, name)(learning_rate=0.1, decay=0.3)
    (w,) = [cornu.Variable(p) for p in params]
    rng = np.random.default_rng(0)
    for _ in range(5):
        g = rng.normal(size=(2, 3)).astype("float32")
        opt.apply([ops.convert_to_tensor(g)], [w])
        ref.apply([g])
    np.testing.assert_allclose(w.numpy(), ref.params[0], rtol=2e-5, atol=2e-6)


def test_argument_errors():
    with pytest.raises(ValueError, match=r"not recognized: \['momentun'\]"):
        optimizers.SGD(momentun=0.9)
    with pytest.raises(ValueError, match="only one of"):
        optimizers.Adam(clipnorm=1.0, clipvalue=1.0)
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        optimizers.Adam(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match="ema_momentum"):
        optimizers.Adam(use_ema=True, ema_momentum=1.5)
    with pytest.raises(ValueError, match="weight_decay"):
        optimizers.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="learning_rate"):
        optimizers.Adam(learning_rate="fast")
    with pytest.raises(ValueError, match="momentum"):
        optimizers.SGD(momentum=2.0)
    with pytest.raises(ValueError, match="beta_1"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="learning_rate_power"):
        optimizers.Ftrl(learning_rate_power=0.5)


def test_apply_errors():
    a, b = _vars((2,), (3,))
    opt = optimizers.Adam()
    with pytest.raises(ValueError, match="build"):
        opt.apply([ops.ones((2,))])
    opt.apply([ops.ones((2,))], [a])
    with pytest.raises(ValueError, match="unknown variable"):
        opt.apply([ops.ones((3,))], [b])
    with pytest.raises(ValueError, match="1 gradients for 2 variables"):
        opt.apply([ops.ones((2,))], [a, a])
    with pytest.raises(ValueError, match="no gradients"):
        opt.apply([None], [a])
    opt.apply([])  # nothing to do


@pytest.mark.parametrize("fast", [True, False])
def test_exclude_from_weight_decay(fast):
    kernel, bias, other = _vars((2, 2), (2,), (3,))
    bias._name = "dense_bias"
    opt = optimizers.SGD(learning_rate=0.5, weight_decay=0.2)
    opt._allow_fast_path = fast
    opt.exclude_from_weight_decay(var_list=[other], var_names=["bias"])
    before = [v.numpy().copy() for v in (kernel, bias, other)]
    opt.apply([ops.zeros((2, 2)), ops.zeros((2,)), ops.zeros((3,))], [kernel, bias, other])
    np.testing.assert_allclose(kernel.numpy(), before[0] * (1 - 0.2 * 0.5), rtol=1e-6)
    np.testing.assert_allclose(bias.numpy(), before[1])
    np.testing.assert_allclose(other.numpy(), before[2])


@pytest.mark.parametrize("fast", [True, False])
def test_constraints_apply_after_the_update(fast):
    w = cornu.Variable(np.array([0.5, 0.9], "float32"))
    w.constraint = lambda x: ops.clip(x, 0.0, 1.0)
    opt = optimizers.SGD(learning_rate=1.0)
    opt._allow_fast_path = fast
    opt.apply([ops.convert_to_tensor([1.0, -1.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 1.0])


def test_save_and_load_own_variables_resume_identically():
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3,)).astype("float32") for _ in range(6)]
    for name in ["Adam", "Nadam", "RMSprop"]:
        w1, w2 = cornu.Variable(np.ones(3, "float32")), cornu.Variable(np.ones(3, "float32"))
        first = getattr(optimizers, name)(learning_rate=0.1)
        for g in grads[:3]:
            first.apply([ops.convert_to_tensor(g)], [w1])
        store = {}
        first.save_own_variables(store)
        second = getattr(optimizers, name)(learning_rate=0.7)
        second.build([w2])
        second.load_own_variables(store)
        w2.assign(w1.numpy())
        assert second.learning_rate.numpy() == pytest.approx(0.1)
        for g in grads[3:]:
            first.apply([ops.convert_to_tensor(g)], [w1])
            second.apply([ops.convert_to_tensor(g)], [w2])
        np.testing.assert_allclose(w1.numpy(), w2.numpy(), rtol=1e-6)
        np.testing.assert_allclose(first.get_weights()[0], second.get_weights()[0])
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        optimizers.Adam().load_own_variables(store)


def test_weights_and_variables():
    a, b = _vars((2,), (3,))
    opt = optimizers.Adam(name="opt")
    opt.build([a, b])
    weights = opt.get_weights()
    assert [w.shape for w in weights] == [(), (), (2,), (2,), (3,), (3,)]
    weights[2] = np.full(2, 7.0, "float32")
    opt.set_weights(weights)
    np.testing.assert_allclose(opt.variables[2].numpy(), [7.0, 7.0])
    assert opt.variables is not opt.variables  # a copy
    assert all(not v.trainable for v in opt.variables)
    with pytest.raises(ValueError, match="shape"):
        opt.set_weights([np.zeros(5)] * 6)
    with pytest.raises(ValueError, match="built"):
        optimizers.Adam().set_weights(weights)
    ones = opt.add_variable((2, 2), initializer="ones", name="extra")
    half = opt.add_variable((2,), initializer=0.5)
    np.testing.assert_allclose(ones.numpy(), np.ones((2, 2)))
    np.testing.assert_allclose(half.numpy(), [0.5, 0.5])
    assert ones.path == "opt/extra"
    assert opt.scale_loss(3.0) == 3.0
    assert optimizers.SGD(loss_scale_factor=4.0).scale_loss(3.0) == 12.0


def test_keras_style_custom_optimizer():
    class MomentumSGD(optimizers.Optimizer):
        def __init__(self, learning_rate=0.1, momentum=0.5, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)
            self.momentum = momentum

        def build(self, variables):
            if self.built:
                return
            super().build(variables)
            self.velocities = [self.add_variable_from_reference(v, "velocity")
                               for v in variables]

        def update_step(self, gradient, variable, learning_rate):
            lr = ops.cast(learning_rate, variable.dtype)
            step = ops.cast(self.iterations + 1, variable.dtype)
            v = self.velocities[self._get_variable_index(variable)]
            self.assign(v, v * self.momentum - gradient * lr / step)
            self.assign_add(variable, v)

    w = cornu.Variable(np.zeros(2, "float32"), name="w")
    opt = MomentumSGD()
    opt.apply([ops.ones((2,))], [w])
    opt.apply([ops.ones((2,))], [w])
    # v1 = -0.1, w1 = -0.1; v2 = -0.05 - 0.05 = -0.1, w2 = -0.2
    np.testing.assert_allclose(w.numpy(), [-0.2, -0.2], rtol=1e-6)
    assert opt.variables[-1].name == "w_velocity"
    assert opt._fast_apply is None


def test_legacy_module_aliases():
    assert optimizers.legacy.Adam is optimizers.Adam
    assert optimizers.legacy.SGD is optimizers.SGD
