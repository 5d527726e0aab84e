"""Muon, ScheduleFreeAdamW, MultiOptimizer and OptimizerMap against real Keras 3 (torch)."""

from __future__ import annotations

import copy
import inspect

import numpy as np
import pytest

import cornu
from cornu import optimizers
from cornu.saving import keras_format

NAMES = ["Muon", "ScheduleFreeAdamW", "MultiOptimizer", "OptimizerMap"]

# name -> shape; the names become the variables' paths (Muon routes on them).
SPECS = {
    "dense_kernel": (5, 3), "wide_kernel": (3, 5), "dense_bias": (3,), "conv_kernel": (2, 3, 4),
    "embedding_table": (6, 3), "head_kernel": (4, 4), "scale": (),
}
STEPS = 5


def _data(seed=0, specs=SPECS, steps=STEPS):
    rng = np.random.default_rng(seed)
    start = {k: rng.normal(size=s).astype("float32") for k, s in specs.items()}
    grads = [{k: rng.normal(size=s).astype("float32") for k, s in specs.items()}
             for _ in range(steps)]
    return start, grads


def _run(lib, make, specs=SPECS, seed=0):
    """The variables after applying the same gradients with ``make(lib)``'s optimizer."""
    start, grads = _data(seed, specs)
    variables = [lib.Variable(start[k].copy(), name=k) for k in specs]
    opt = make(lib)
    for step in grads:
        opt.apply([lib.ops.convert_to_tensor(step[k]) for k in specs], variables)
    return [np.asarray(lib.ops.convert_to_numpy(v)) for v in variables], opt


def _assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_allclose(y, x, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_signature_matches_keras(keras, name):
    theirs = inspect.signature(getattr(keras.optimizers, name).__init__).parameters
    ours = inspect.signature(getattr(optimizers, name).__init__).parameters
    assert list(ours) == list(theirs)
    for key, param in theirs.items():
        assert ours[key].default == param.default, key


@pytest.mark.parametrize("kwargs", [
    {}, {"nesterov": False}, {"rms_rate": None, "weight_decay": None},
    {"adam_lr_ratio": 0.5, "exclude_layers": ["head"], "adam_weight_decay": None},
    {"exclude_embeddings": False, "momentum": 0.8, "ns_steps": 3},
    {"clipnorm": 0.5}, {"gradient_accumulation_steps": 2},
], ids=str)
def test_muon_matches_keras(keras, kwargs):
    def make(lib):
        return lib.optimizers.Muon(learning_rate=0.05, **kwargs)

    expected, kopt = _run(keras, make)
    got, opt = _run(cornu, make)
    _assert_same(expected, got)
    assert [tuple(v.shape) for v in opt.variables] == [tuple(v.shape) for v in kopt.variables]


def test_muon_routes_like_keras(keras):
    """Which variables get AdamW (Dense biases, 3-D kernels, embeddings, excluded layers)."""
    def model(lib):
        i = lib.Input((4,), dtype="int32")
        e = lib.layers.Embedding(10, 3, name="embed")(i)
        c = lib.layers.Conv1D(5, 2, name="conv")(e)
        h = lib.layers.Dense(6, name="hidden")(lib.layers.Flatten()(c))
        return lib.Model(i, lib.layers.Dense(2, name="head")(h))

    for kwargs in ({}, {"exclude_embeddings": False, "exclude_layers": ["head"]}):
        km, cm = model(keras), model(cornu)
        kopt = keras.optimizers.Muon(**kwargs)
        copt = optimizers.Muon(**kwargs)
        theirs = [kopt._should_use_adamw(v) for v in km.trainable_variables]
        ours = [copt._should_use_adamw(v) for v in cm.trainable_variables]
        assert ours == theirs
    kernel = cm.get_layer("hidden").kernel
    assert not copt._should_use_adamw(kernel)
    assert copt._should_use_adamw(cm.get_layer("hidden").bias)


def test_muon_newton_schulz_is_near_orthogonal():
    opt = optimizers.Muon()
    x = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    y = cornu.ops.convert_to_numpy(opt.zeropower_via_newtonschulz5(cornu.ops.array(x), 5))
    assert y.shape == (6, 3)
    singular = np.linalg.svd(y, compute_uv=False)
    assert np.all(singular > 0.5) and np.all(singular < 1.3)
    with pytest.raises(ValueError, match="at least 2"):
        opt.zeropower_via_newtonschulz5(cornu.ops.array([1.0, 2.0]), 5)


@pytest.mark.parametrize("kwargs", [
    {}, {"warmup_steps": 3}, {"weight_decay": 0.1}, {"beta_1": 0.5, "epsilon": 1e-3},
    {"global_clipnorm": 1.0, "use_ema": True},
], ids=str)
def test_schedule_free_adamw_matches_keras(keras, kwargs):
    def make(lib):
        return lib.optimizers.ScheduleFreeAdamW(learning_rate=0.05, **kwargs)

    expected, kopt = _run(keras, make)
    got, opt = _run(cornu, make)
    _assert_same(expected, got)
    _assert_same([np.asarray(v) for v in kopt.variables], opt.get_weights())


def test_schedule_free_has_no_train_eval_swap(keras):
    # Keras 3.15 has no swap methods nor callback for it; neither does cornu.
    for attr in ("train", "eval", "swap", "swap_weights"):
        assert hasattr(keras.optimizers.ScheduleFreeAdamW(), attr) == hasattr(
            optimizers.ScheduleFreeAdamW(), attr)


def _multi_by_map(lib):
    o = lib.optimizers
    return o.MultiOptimizer(o.OptimizerMap(
        o.SGD(0.1, momentum=0.9),
        {"dense_.*": o.Adam(0.01), "head_kernel": o.RMSprop(0.02)},
    ))


def _multi_by_function(lib):
    o = lib.optimizers
    adam, sgd = o.Adam(0.03, name="adam_inner"), o.SGD(0.2)

    def pick(variable):
        return adam if len(variable.shape) >= 2 else sgd

    return o.MultiOptimizer(pick, loss_scale_factor=4.0)


@pytest.mark.parametrize("make", [_multi_by_map, _multi_by_function])
def test_multi_optimizer_matches_keras(keras, make):
    expected, kopt = _run(keras, make)
    got, opt = _run(cornu, make)
    _assert_same(expected, got)
    assert [type(o).__name__ for o in opt.optimizers] == [
        type(o).__name__ for o in kopt.optimizers]
    assert [tuple(v.shape) for v in opt.variables] == [tuple(v.shape) for v in kopt.variables]
    assert int(opt.iterations.numpy()) == STEPS
    assert [int(o.iterations.numpy()) for o in opt.optimizers] == [
        int(np.asarray(o.iterations)) for o in kopt.optimizers]


def test_optimizer_map_lookup():
    o = optimizers
    sgd, adam, rms = o.SGD(name="sgd"), o.Adam(name="adam"), o.RMSprop(name="rms")
    mapping = o.OptimizerMap(sgd)
    mapping["encoder/layer_0/dense"] = adam
    mapping["encoder/.*"] = rms
    assert mapping["encoder/layer_0/dense"] is adam  # an exact key wins over patterns
    assert mapping["encoder/layer_0/attention"] is rms
    assert mapping["encoder"] is sgd  # patterns match whole paths only
    assert mapping(cornu.Variable([1.0], name="other")) is sgd
    assert len(mapping) == 2 and list(mapping) == ["encoder/layer_0/dense", "encoder/.*"]
    mapping[".*/layer_0/.*"] = o.SGD()
    with pytest.raises(ValueError, match="several patterns"):
        mapping["encoder/layer_0/x"]
    with pytest.raises(ValueError, match="already mapped"):
        mapping["encoder/.*"] = adam
    with pytest.raises(ValueError, match="LossScaleOptimizer"):
        mapping["x"] = o.LossScaleOptimizer(o.SGD())
    with pytest.raises(ValueError, match="MultiOptimizer"):
        mapping["x"] = o.MultiOptimizer(o.OptimizerMap(o.SGD()))
    with pytest.raises(TypeError, match="default_optimizer"):
        o.OptimizerMap("sgd")
    with pytest.raises(TypeError, match="optimizer_map"):
        o.OptimizerMap(sgd, [adam])
    del mapping["encoder/.*"]
    assert mapping["encoder/attention"] is sgd


def test_multi_optimizer_api():
    o = optimizers
    adam = o.Adam(loss_scale_factor=2.0)
    multi = o.MultiOptimizer(o.OptimizerMap(o.SGD(), {"a": adam}), loss_scale_factor=8.0)
    assert adam.loss_scale_factor == 8.0
    multi.loss_scale_factor = 16.0
    assert all(opt.loss_scale_factor == 16.0 for opt in multi.optimizers)
    with pytest.raises(AttributeError, match="inner optimizers"):
        _ = multi.learning_rate
    with pytest.raises(AttributeError, match="inner optimizers"):
        multi.learning_rate = 0.1
    with pytest.raises(TypeError, match="optimizer_map"):
        o.MultiOptimizer({"a": adam})
    with pytest.raises(ValueError, match="built optimizer"):
        multi.apply([cornu.ops.array([1.0])])
    with pytest.raises(ValueError, match="not be a|cannot be"):
        o.MultiOptimizer(lambda v: o.LossScaleOptimizer(o.SGD())).build([cornu.Variable([1.0])])
    a, b = cornu.Variable([1.0], name="a"), cornu.Variable([1.0], name="b")
    multi.build([a, b])
    weights = multi.get_weights()
    assert len(weights) == len(multi.variables) == 2 + 2 + 2 + 2  # own, adam (+2 slots), sgd
    with pytest.raises(ValueError, match="2 variables"):
        multi.apply([cornu.ops.array([1.0])], [a])
    multi.set_weights(weights)


@pytest.mark.parametrize("name", ["Muon", "ScheduleFreeAdamW", "MultiOptimizer"])
def test_config_round_trips_both_ways(keras, name):
    def make(lib):
        o = lib.optimizers
        if name == "Muon":
            return o.Muon(learning_rate=0.02, exclude_layers=["head"], rms_rate=None,
                          nesterov=False, adam_weight_decay=None)
        if name == "ScheduleFreeAdamW":
            return o.ScheduleFreeAdamW(learning_rate=0.01, warmup_steps=10, beta_1=0.8)
        return o.MultiOptimizer(o.OptimizerMap(o.SGD(0.5), {"enc/.*": o.Adam(0.02)}),
                                name="multi")

    def strip(config):
        if isinstance(config, dict):
            return {k: strip(v) for k, v in config.items()
                    if k not in ("module", "registered_name")}
        return config

    mine = make(cornu)
    again = type(mine).from_config(mine.get_config())
    assert strip(cornu.saving.serialize_keras_object(again)) == strip(
        cornu.saving.serialize_keras_object(mine))
    theirs = keras.saving.serialize_keras_object(make(keras))
    from_keras = optimizers.deserialize(copy.deepcopy(theirs))
    assert type(from_keras).__name__ == name
    # What cornu writes in files: Keras's module names.
    ours = keras_format.export(cornu.saving.serialize_keras_object(from_keras))
    to_keras = keras.optimizers.deserialize(copy.deepcopy(ours))
    assert type(to_keras).__name__ == name
    # Names differ only by uniquifying suffixes; compare the rest.
    def unnamed(c):
        return strip(c) if not isinstance(c, dict) else {
            k: unnamed(v) for k, v in strip(c).items() if k != "name"}

    np.testing.assert_equal(unnamed(ours), unnamed(theirs))
    np.testing.assert_equal(unnamed(keras.saving.serialize_keras_object(to_keras)),
                            unnamed(theirs))


def test_get_and_deserialize_by_name():
    assert type(optimizers.get("muon")).__name__ == "Muon"
    assert type(optimizers.get("ScheduleFreeAdamW")).__name__ == "ScheduleFreeAdamW"
    opt = optimizers.deserialize({"class_name": "Muon", "config": {"momentum": 0.5}})
    assert isinstance(opt, optimizers.Muon) and opt.momentum == 0.5
    with pytest.raises(TypeError, match="exclude_layers"):
        optimizers.Muon(exclude_layers="head")


def _functional(lib):
    i = lib.Input((4,))
    h = lib.layers.Dense(8, activation="tanh", name="enc")(i)
    return lib.Model(i, lib.layers.Dense(2, name="dec")(h))


def _make_optimizer(lib, kind):
    o = lib.optimizers
    if kind == "Muon":
        return o.Muon(learning_rate=0.02)
    if kind == "ScheduleFreeAdamW":
        return o.ScheduleFreeAdamW(learning_rate=0.02)
    if kind == "MultiOptimizer":
        return o.MultiOptimizer(o.OptimizerMap(o.SGD(0.05), {"enc/.*": o.Adam(0.02)}))
    return o.MultiOptimizer(lambda v: o.Adam(0.02) if "enc" in v.path else o.SGD(0.05))


@pytest.mark.parametrize("kind", ["Muon", "ScheduleFreeAdamW", "MultiOptimizer", "callable"])
def test_fit_lowers_the_loss(kind):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = np.stack([x[:, 0] - x[:, 1], x[:, 2] * 0.5], axis=1).astype("float32")
    model = _functional(cornu)
    model.compile(optimizer=_make_optimizer(cornu, kind), loss="mse")
    history = model.fit(x, y, epochs=8, batch_size=16, shuffle=False, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.7 * losses[0], losses


@pytest.mark.parametrize("kind", ["Muon", "ScheduleFreeAdamW", "MultiOptimizer"])
def test_keras_files_load_both_ways(keras, tmp_path, kind):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 4)).astype("float32")
    y = rng.normal(size=(8, 2)).astype("float32")
    for lib, other in ((keras, cornu), (cornu, keras)):
        model = _functional(lib)
        model.compile(optimizer=_make_optimizer(lib, kind), loss="mse")
        model.fit(x, y, epochs=2, batch_size=4, verbose=0)
        path = tmp_path / f"{lib.__name__}.keras"
        model.save(path)
        loaded = other.saving.load_model(path)
        assert type(loaded.optimizer).__name__ == kind
        saved = [np.asarray(lib.ops.convert_to_numpy(v)) for v in model.optimizer.variables]
        restored = [np.asarray(other.ops.convert_to_numpy(v))
                    for v in loaded.optimizer.variables]
        _assert_same(saved, restored)


def test_gradient_accumulation_takes_numpy_gradients():
    w = cornu.Variable(np.ones(2, "float32"))
    opt = cornu.optimizers.SGD(0.1, gradient_accumulation_steps=2)
    opt.apply([np.ones(2, "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [1.0, 1.0])  # accumulated, not applied yet
    opt.apply([np.full(2, 3.0, "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [0.8, 0.8], rtol=1e-6)  # mean gradient 2
