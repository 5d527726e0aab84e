"""``compile(jit_compile=...)``: compiled steps compute what eager steps compute, compile a
bounded number of graphs, and fall back to eager when the compiler fails."""

import warnings

import numpy as np
import pytest

import cornu
from cornu import layers

torch = pytest.importorskip("torch")
jit = pytest.importorskip("cornu.backend.torch.jit")

RNG = np.random.default_rng(0)
X = RNG.standard_normal((200, 6)).astype("float32")
Y = RNG.integers(0, 3, 200)


def _mlp(jit_compile, batchnorm=False, regularizer=None, **compile_kwargs):
    cornu.utils.set_random_seed(1)
    stack = [layers.Input((6,)), layers.Dense(16, activation="relu",
                                              kernel_regularizer=regularizer)]
    if batchnorm:
        stack.append(layers.BatchNormalization())
    stack.append(layers.Dense(3))
    model = cornu.Sequential(stack)
    model.compile(optimizer="adam", jit_compile=jit_compile,
                  loss=cornu.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"], **compile_kwargs)
    return model


def _graphs(model) -> dict:
    return {kind: fn.stats["graphs"] for kind, fn in model._jit_functions.items()
            if isinstance(fn, jit.CompiledFunction)}


def _assert_same_training(eager, compiled, fit_kwargs, atol=1e-5):
    h_eager = eager.fit(X, Y, verbose=0, **fit_kwargs).history
    h_compiled = compiled.fit(X, Y, verbose=0, **fit_kwargs).history
    assert h_eager.keys() == h_compiled.keys()
    for key in h_eager:
        np.testing.assert_allclose(h_compiled[key], h_eager[key], rtol=1e-5, atol=atol,
                                   err_msg=key)
    for a, b in zip(eager.get_weights(), compiled.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=atol)
    np.testing.assert_allclose(compiled.predict(X, batch_size=64, verbose=0),
                               eager.predict(X, batch_size=64, verbose=0),
                               rtol=1e-5, atol=atol)


@pytest.mark.parametrize("batchnorm", [False, True])
def test_compiled_fit_matches_eager(batchnorm):
    _assert_same_training(
        _mlp(False, batchnorm), _mlp(True, batchnorm),
        {"batch_size": 32, "epochs": 3, "validation_split": 0.25, "shuffle": False})


def test_compiled_fit_with_regularizer_and_loss_weights():
    _assert_same_training(
        _mlp(False, regularizer="l2"), _mlp(True, regularizer="l2"),
        {"batch_size": 50, "epochs": 2, "shuffle": False})


def _two_outputs(jit_compile):
    cornu.utils.set_random_seed(2)
    inp = layers.Input((6,), name="x")
    hidden = layers.Dense(8, activation="tanh")(inp)
    out_a = layers.Dense(3, name="a")(hidden)
    out_b = layers.Dense(1, name="b")(hidden)
    model = cornu.Model(inp, [out_a, out_b])
    model.compile(optimizer="sgd", jit_compile=jit_compile,
                  loss={"a": cornu.losses.SparseCategoricalCrossentropy(from_logits=True),
                        "b": "mse"},
                  loss_weights={"a": 1.0, "b": 0.5}, metrics={"b": ["mae"]})
    return model


def test_compiled_multi_output_tracks_each_loss():
    y = {"a": Y, "b": X[:, :1]}
    eager, compiled = _two_outputs(False), _two_outputs(True)
    h_eager = eager.fit(X, y, batch_size=40, epochs=2, verbose=0, shuffle=False).history
    h_compiled = compiled.fit(X, y, batch_size=40, epochs=2, verbose=0,
                              shuffle=False).history
    assert set(h_compiled) == set(h_eager) >= {"loss", "a_loss", "b_loss", "b_mae"}
    for key in h_eager:
        np.testing.assert_allclose(h_compiled[key], h_eager[key], rtol=1e-5, err_msg=key)
    np.testing.assert_allclose(compiled.evaluate(X, y, verbose=0),
                               eager.evaluate(X, y, verbose=0), rtol=1e-5)


def test_recompilation_is_bounded():
    """A last partial batch, validation passes and a new learning rate every epoch cost no
    new graphs after the first two epochs."""
    model = _mlp(True)
    seen = []

    class Record(cornu.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(_graphs(self.model))

    schedule = cornu.callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 / (epoch + 1))
    # 150 training samples: batches of 32 leave a partial batch of 22 every epoch.
    model.fit(X, Y, batch_size=32, epochs=6, validation_split=0.25, verbose=0,
              callbacks=[schedule, Record()])
    assert seen[1] == seen[-1], seen
    assert seen[-1]["train"] <= 2 and seen[-1]["test"] <= 2, seen
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01 / 6)
    assert not any(fn.eager for fn in model._jit_functions.values()
                   if isinstance(fn, jit.CompiledFunction))


def test_compiled_predict_matches_eager_for_any_batch_size():
    eager, compiled = _mlp(False), _mlp(True)
    for batch_size in (64, 7, 200, 64):
        np.testing.assert_allclose(compiled.predict(X, batch_size=batch_size, verbose=0),
                                   eager.predict(X, batch_size=batch_size, verbose=0),
                                   rtol=1e-6, atol=1e-6)
    assert _graphs(compiled)["predict"] <= 2


def test_compiler_failure_falls_back_to_eager_with_one_warning(monkeypatch):
    def broken(graph_module, example_inputs):
        raise RuntimeError("the compiler broke")

    monkeypatch.setattr(torch._dynamo, "lookup_backend", lambda name: broken)
    eager, compiled = _mlp(False), _mlp(True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _assert_same_training(eager, compiled, {"batch_size": 50, "epochs": 2,
                                                "shuffle": False})
    ours = [str(w.message) for w in caught if "jit_compile" in str(w.message)]
    assert len(ours) == 2, ours  # one for the train step, one for the predict step
    assert "could not compile the train step of model" in ours[0]
    assert "the compiler broke" in ours[0] and "running eagerly" in ours[0]
    assert compiled._jit_functions["train"].eager


def test_user_errors_are_not_compiler_failures():
    model = _mlp(True)
    model.fit(X, Y, batch_size=50, epochs=1, verbose=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 6"):
            model.predict(np.zeros((10, 5), "float32"), verbose=0)
        with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 6"):
            model.predict(np.zeros((10, 5), "float32"), verbose=0)
    assert not [w for w in caught if "jit_compile" in str(w.message)]


def test_custom_train_step_compiles_call():
    class Custom(cornu.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            x, y = data
            loss = self.compute_loss(x, y, self(x, training=True))
            self.optimizer.apply(_grads(loss, self.trainable_weights))
            self._loss_tracker.update_state(loss, x.shape[0])
            return {"loss": self._loss_tracker.result()}

    def _grads(loss, variables):
        return torch.autograd.grad(loss, variables)

    cornu.utils.set_random_seed(3)
    model = Custom()
    model.compile(optimizer=cornu.optimizers.SGD(0.1), loss="mse", jit_compile=True)
    y = X[:, :1] * 2.0
    history = model.fit(X, y, batch_size=40, epochs=5, verbose=0).history
    assert isinstance(model.__dict__["call"], jit.CompiledFunction)
    assert history["loss"][-1] < history["loss"][0]


def test_jit_compile_values():
    model = _mlp("auto")
    assert model.jit_compile is False  # eager is the faster choice here (see jit.py)
    assert _mlp(True).jit_compile is True
    with pytest.raises(ValueError, match='`jit_compile` must be True, False or "auto"'):
        _mlp("yes")


def test_dropout_model_trains_compiled():
    cornu.utils.set_random_seed(4)
    model = cornu.Sequential([layers.Input((6,)), layers.Dense(32, activation="relu"),
                              layers.Dropout(0.3), layers.Dense(3)])
    model.compile(optimizer=cornu.optimizers.Adam(0.01), jit_compile=True,
                  loss=cornu.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(X, Y, batch_size=32, epochs=8, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    # inference is deterministic: dropout is off in the compiled predict step
    first = model.predict(X, verbose=0)
    np.testing.assert_array_equal(model.predict(X, verbose=0), first)


def test_compile_mode_from_the_environment(monkeypatch):
    monkeypatch.setenv("CORNU_JIT_MODE", "max-autotune-no-cudagraphs")
    assert jit.compile_mode() == "max-autotune-no-cudagraphs"
    monkeypatch.setenv("CORNU_JIT_MODE", "fastest")
    with pytest.raises(ValueError, match="CORNU_JIT_MODE='fastest' is not a torch.compile mode"):
        _mlp(True)
    monkeypatch.delenv("CORNU_JIT_MODE")
    assert jit.compile_mode() is None


def _conv():
    return cornu.Sequential([
        layers.Input((12, 12, 3)), layers.Conv2D(8, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(), layers.BatchNormalization(), layers.GlobalAveragePooling2D(),
        layers.Dense(1)])


def _gru():
    return cornu.Sequential([
        layers.Input((10, 4)), layers.Bidirectional(layers.GRU(6, return_sequences=True)),
        layers.GlobalAveragePooling1D(), layers.Dense(1)])


def _attention():
    inp = layers.Input((6, 8))
    att = layers.MultiHeadAttention(2, 4)(inp, inp, use_causal_mask=True)
    out = layers.LayerNormalization()(layers.Add()([inp, att]))
    return cornu.Model(inp, layers.Dense(1)(layers.GlobalAveragePooling1D()(out)))


@pytest.mark.parametrize("build,shape", [(_conv, (12, 12, 3)), (_gru, (10, 4)),
                                         (_attention, (6, 8))], ids=["conv", "gru", "mha"])
def test_compiled_layer_families_match_eager(build, shape):
    x = RNG.standard_normal((40, *shape)).astype("float32")
    y = RNG.standard_normal((40, 1)).astype("float32")
    results = []
    for jit_compile in (False, True):
        cornu.utils.set_random_seed(5)
        model = build()
        # SGD: Adam would turn float32 rounding in near-zero gradients into lr-sized steps
        model.compile(cornu.optimizers.SGD(0.05), "mse", jit_compile=jit_compile)
        history = model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=False).history
        results.append((history["loss"], model.predict(x, verbose=0), model.get_weights()))
    (loss_e, pred_e, w_e), (loss_c, pred_c, w_c) = results
    np.testing.assert_allclose(loss_c, loss_e, rtol=1e-5)
    np.testing.assert_allclose(pred_c, pred_e, rtol=1e-5, atol=1e-6)
    for a, b in zip(w_e, w_c):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
