"""LossScaleOptimizer against real Keras 3: the same scale, counter and weights step by step
(skipped non-finite steps included), its variables and config, and training a model under
"mixed_float16"."""

import numpy as np
import pytest
import torch

import cornu
from cornu import optimizers

INF, NAN = float("inf"), float("nan")
GRADS = [[1.0, 2.0], [1.0, INF], [3.0, -1.0], [0.5, 0.5], [NAN, 1.0], [2.0, 2.0], [1.0, 1.0]]


def _state(lib, opt, var):
    return (np.asarray(lib.ops.convert_to_numpy(var)).tolist(),
            float(lib.ops.convert_to_numpy(opt.dynamic_scale)),
            int(lib.ops.convert_to_numpy(opt.step_counter)),
            int(lib.ops.convert_to_numpy(opt.iterations)))


@pytest.mark.parametrize("inner,initial_scale", [("SGD", 8.0), ("Adam", 8.0),
                                                 ("SGD", 1000.1)])
def test_steps_match_keras(keras, inner, initial_scale):
    trace = {}
    for lib in (cornu, keras):
        opt = lib.optimizers.LossScaleOptimizer(
            getattr(lib.optimizers, inner)(learning_rate=0.1), initial_scale=initial_scale,
            dynamic_growth_steps=2)
        var = lib.Variable(np.array([1.0, -1.0], "float32"))
        trace[lib.__name__] = []
        for g in GRADS:
            opt.apply([torch.tensor(g)], [var])
            trace[lib.__name__].append(_state(lib, opt, var))
    ours, theirs = trace["cornu"], trace["keras"]
    for step, (a, b) in enumerate(zip(ours, theirs)):
        np.testing.assert_allclose(a[0], b[0], rtol=1e-5, err_msg=f"step {step}")
        assert a[1:] == b[1:], f"step {step}: (scale, counter, iterations) {a[1:]} != {b[1:]}"
    scale = float(np.float32(initial_scale))
    assert [s[1] for s in ours] == [scale * f for f in (1, 0.5, 0.5, 1, 0.5, 0.5, 1)]


def test_variables_follow_keras_order(keras):
    names = {}
    for lib in (cornu, keras):
        opt = lib.optimizers.LossScaleOptimizer(lib.optimizers.SGD(0.1))
        opt.build([lib.Variable(np.ones(2, "float32"))])
        names[lib.__name__] = [v.path.split("/", 1)[1] for v in opt.variables]
        values = [float(lib.ops.convert_to_numpy(v)) for v in opt.variables]
        assert values == [0.0, 0.0, 0.0, 2.0**15, 0.0, pytest.approx(0.1)]
    assert names["cornu"] == names["keras"]


def test_scale_loss_and_delegated_properties():
    inner = optimizers.Adam(learning_rate=0.01, loss_scale_factor=4.0)
    opt = optimizers.LossScaleOptimizer(inner, initial_scale=16.0)
    assert inner.loss_scale_factor is None  # the wrapper does the scaling
    assert float(opt.scale_loss(2.0)) == 32.0
    opt.learning_rate = 0.5
    assert float(inner.learning_rate.numpy()) == 0.5
    w = cornu.Variable([1.0])
    opt.apply([torch.tensor([16.0])], [w])
    assert opt.iterations is inner.iterations and int(opt.iterations.numpy()) == 1
    opt.dynamic_scale.assign(64.0)  # written from outside: the scale follows
    assert float(opt.scale_loss(1.0)) == 64.0


def test_get_and_set_weights_cover_the_inner_optimizer():
    def make():
        opt = optimizers.LossScaleOptimizer(optimizers.SGD(0.1, momentum=0.9),
                                            initial_scale=4.0)
        w = cornu.Variable([1.0, 2.0])
        opt.build([w])
        return opt, w

    source, w = make()
    for g in ([4.0, 4.0], [INF, 0.0], [2.0, -2.0]):
        source.apply([torch.tensor(g)], [w])
    weights = source.get_weights()
    assert len(weights) == len(source.variables) == 7  # 4 own + iteration, lr, momentum
    target, _ = make()
    target.set_weights(weights)
    for a, b in zip(target.get_weights(), weights):
        np.testing.assert_array_equal(a, b)
    assert float(target.scale_loss(1.0)) == float(source.scale_loss(1.0)) == 2.0
    with pytest.raises(ValueError, match="one array per variable"):
        target.set_weights(weights[:4])


def test_config_round_trip_matches_keras(keras):
    ours = optimizers.LossScaleOptimizer(optimizers.SGD(0.25, name="inner"), name="lso",
                                         initial_scale=128.0, dynamic_growth_steps=7)
    theirs = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.25, name="inner"),
                                                 name="lso", initial_scale=128.0,
                                                 dynamic_growth_steps=7)
    config, expected = ours.get_config(), theirs.get_config()
    assert {k: v for k, v in config.items() if k != "inner_optimizer"} == {
        k: v for k, v in expected.items() if k != "inner_optimizer"}
    assert config["inner_optimizer"]["config"] == pytest.approx(
        expected["inner_optimizer"]["config"])
    clone = optimizers.deserialize(optimizers.serialize(ours))
    assert isinstance(clone, optimizers.LossScaleOptimizer)
    assert (clone.initial_scale, clone.dynamic_growth_steps) == (128.0, 7)
    assert isinstance(clone.inner_optimizer, optimizers.SGD)
    from_keras = optimizers.LossScaleOptimizer.from_config(expected)
    assert float(from_keras.inner_optimizer.learning_rate.numpy()) == 0.25


def test_bad_arguments_say_where_they_belong():
    with pytest.raises(ValueError, match="dynamic=False"):
        optimizers.LossScaleOptimizer(optimizers.SGD(), dynamic=False)
    with pytest.raises(ValueError, match="inner optimizer"):
        optimizers.LossScaleOptimizer(optimizers.SGD(), clipnorm=1.0)
    with pytest.raises(TypeError, match="Optimizer instance"):
        optimizers.LossScaleOptimizer("adam")
    with pytest.raises(ValueError, match="dynamic_growth_steps"):
        optimizers.LossScaleOptimizer(optimizers.SGD(), dynamic_growth_steps=0)


def _mlp(lib, seed=3):
    rng = np.random.default_rng(seed)
    model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(8, activation="tanh"),
                            lib.layers.Dense(1)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5
                       for w in model.get_weights()])
    return model


def test_compile_wraps_only_under_mixed_float16(policies):
    policies("mixed_float16")
    model = _mlp(cornu)
    model.compile(optimizer=optimizers.SGD(0.1), loss="mse")
    assert isinstance(model.optimizer, optimizers.LossScaleOptimizer)
    assert model.optimizer.name == "loss_scale_optimizer"
    wrapped = model.optimizer
    model.compile(optimizer=wrapped, loss="mse")
    assert model.optimizer is wrapped  # not wrapped twice
    model.compile(optimizer="sgd", loss="mse", auto_scale_loss=False)
    assert isinstance(model.optimizer, optimizers.SGD)
    policies("mixed_bfloat16")
    model = _mlp(cornu)
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.optimizer, optimizers.SGD)


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_model_trains(policies, policy):
    policies(policy)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")).astype("float32")
    model = _mlp(cornu)
    model.compile(optimizer=optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=15, verbose=0, shuffle=False)
    losses = history.history["loss"]
    assert losses[-1] < 0.2 * losses[0]
    assert all(w.dtype == np.float32 for w in model.get_weights())
    # NumPy has no bfloat16: cornu gives float32 arrays where Keras gives ml_dtypes'.
    expected = {"mixed_float16": np.float16, "mixed_bfloat16": np.float32}[policy]
    assert model.predict(x[:2], verbose=0).dtype == expected


def test_overflowing_steps_are_skipped_as_in_keras(keras, policies):
    """A scale of 2**24 overflows the float16 gradients: steps are skipped and the scale
    halves until the gradients fit, then training goes on; both libraries agree."""
    policies("mixed_float16")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((8, 4)).astype("float32")
    y = rng.standard_normal((8, 1)).astype("float32")
    trace = {}
    for lib in (cornu, keras):
        model = _mlp(lib)
        model.compile(optimizer=lib.optimizers.LossScaleOptimizer(
            lib.optimizers.SGD(0.05), initial_scale=2.0**24), loss="mse")
        start = [w.copy() for w in model.get_weights()]
        scales, updates, weights = [], [], []
        for _ in range(12):
            model.train_on_batch(x, y)
            scales.append(float(lib.ops.convert_to_numpy(model.optimizer.dynamic_scale)))
            updates.append(int(lib.ops.convert_to_numpy(model.optimizer.iterations)))
            weights.append(model.get_weights())
        trace[lib.__name__] = (scales, updates, weights, start)
    scales, updates, weights, start = trace["cornu"]
    assert (scales, updates) == trace["keras"][:2]
    skipped = sum(1 for a, b in zip([2.0**24] + scales, scales) if b == a / 2)
    assert 0 < skipped < 12 and updates[-1] == 12 - skipped
    assert updates[:skipped] == [0] * skipped  # no update while the gradients overflow
    for w, w0 in zip(weights[skipped - 1], start):
        np.testing.assert_array_equal(w, w0)
    for ours, theirs in zip(weights[-1], trace["keras"][2][-1]):
        np.testing.assert_allclose(ours, theirs, rtol=2e-3, atol=2e-3)
    assert not np.allclose(weights[-1][0], start[0])  # and training did go on


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_loss_and_metrics_are_float32_and_match_keras(keras, policies, policy):
    policies(policy)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((16, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[rng.integers(0, 3, 16)]
    results = {}
    for lib in (cornu, keras):
        model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(3)])
        model.set_weights([np.full((4, 3), 0.1, "float32") * np.arange(3), np.zeros(3)])
        model.compile(optimizer="sgd", metrics=["accuracy", "mae"],
                      loss=lib.losses.CategoricalCrossentropy(from_logits=True))
        y_pred = model(x)
        loss = model.compute_loss(x, torch.as_tensor(y), y_pred)
        assert str(loss.dtype) == "torch.float32"
        results[lib.__name__] = model.evaluate(x, y, verbose=0, return_dict=True)
    assert results["cornu"].keys() == results["keras"].keys()
    for key, value in results["keras"].items():
        assert results["cornu"][key] == pytest.approx(value, rel=1e-2, abs=1e-3), key


def test_fit_scales_the_loss_for_a_loss_scale_factor_as_keras(keras):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((8, 4)).astype("float32")
    y = rng.standard_normal((8, 1)).astype("float32")
    weights = {}
    for lib in (cornu, keras):
        model = _mlp(lib)
        model.compile(optimizer=lib.optimizers.SGD(0.1, loss_scale_factor=4.0), loss="mse")
        model.train_on_batch(x, y)
        weights[lib.__name__] = model.get_weights()
    start = _mlp(cornu).get_weights()
    for ours, theirs in zip(weights["cornu"], weights["keras"]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    assert not np.allclose(weights["cornu"][0], start[0])
