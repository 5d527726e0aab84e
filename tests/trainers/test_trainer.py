"""compile / fit / evaluate / predict and the single-batch methods."""

import io

import numpy as np
import pytest

import cornu
from cornu import layers


def _linear_model(lr=0.1):
    model = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer=cornu.optimizers.SGD(learning_rate=lr), loss="mse")
    return model


def test_one_sgd_step_matches_numpy():
    model = _linear_model(lr=0.1)
    w0, b0 = [w.copy() for w in model.get_weights()]
    x = np.array([[1.0, 2.0], [3.0, -1.0]], dtype="float32")
    y = np.array([[1.0], [0.5]], dtype="float32")
    model.train_on_batch(x, y)
    pred = x @ w0 + b0
    grad_pred = 2 * (pred - y) / len(x)
    w_want = w0 - 0.1 * x.T @ grad_pred
    b_want = b0 - 0.1 * grad_pred.sum(0)
    w1, b1 = model.get_weights()
    np.testing.assert_allclose(w1, w_want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b1, b_want, rtol=1e-5, atol=1e-6)


def test_fit_history_validation_and_epochs():
    model = _linear_model()
    x = np.random.rand(50, 2)
    y = x @ np.array([2.0, 3.0]) + 4
    history = model.fit(x, y, epochs=3, batch_size=5, validation_split=0.2, verbose=0)
    assert history.epoch == [0, 1, 2]
    assert set(history.history) == {"loss", "val_loss"}
    assert model.history is history
    h2 = model.fit(x, y, epochs=5, initial_epoch=3, verbose=0, validation_data=(x, y),
                   validation_freq=2)
    assert h2.epoch == [3, 4]
    assert len(h2.history["val_loss"]) == 1


def test_evaluate_matches_numpy_and_return_dict():
    model = cornu.Sequential([layers.Dense(3, input_shape=(4,), activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    x = np.random.rand(20, 4).astype("float32")
    y = cornu.utils.to_categorical(np.random.randint(0, 3, 20), 3)
    p = model.predict(x, verbose=0)
    want_loss = -np.mean(np.sum(y * np.log(np.clip(p, 1e-7, 1 - 1e-7)), axis=1))
    want_acc = np.mean(p.argmax(1) == y.argmax(1))
    loss, acc = model.evaluate(x, y, batch_size=7, verbose=0)
    np.testing.assert_allclose(loss, want_loss, rtol=1e-5)
    np.testing.assert_allclose(acc, want_acc, rtol=1e-6)
    d = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(d) == {"loss", "accuracy"}
    assert model.metrics_names == ["loss", "accuracy"]


def test_sample_weight_and_class_weight():
    model = _linear_model()
    x = np.random.rand(8, 2).astype("float32")
    y = np.random.rand(8, 1).astype("float32")
    sw = np.array([1, 0, 1, 0, 1, 0, 1, 0], dtype="float32")
    p = model.predict(x, verbose=0)
    got = model.evaluate(x, y, sample_weight=sw, batch_size=8, verbose=0)
    per = ((p - y) ** 2).ravel()
    np.testing.assert_allclose(got, np.sum(per * sw) / len(sw), rtol=1e-5)
    clf = cornu.Sequential([layers.Dense(1, input_shape=(2,), activation="sigmoid")])
    clf.compile(optimizer="sgd", loss="binary_crossentropy")
    labels = np.array([0, 1] * 4, dtype="float32")
    clf.fit(x, labels, class_weight={0: 1.0, 1: 3.0}, epochs=1, verbose=0)


def test_train_test_predict_on_batch():
    model = _linear_model()
    x = np.random.rand(4, 2).astype("float32")
    y = np.random.rand(4).astype("float32")
    assert isinstance(model.train_on_batch(x, y), float)
    assert isinstance(model.test_on_batch(x, y), float)
    out = model.predict_on_batch(x)
    assert isinstance(out, np.ndarray) and out.shape == (4, 1)


def test_mismatched_lengths_error():
    model = _linear_model()
    with pytest.raises(ValueError, match=r"x: 10, y: 9"):
        model.fit(np.ones((10, 2)), np.ones(9), verbose=0)


def test_unknown_strings_error():
    model = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="msee"):
        model.compile(optimizer="sgd", loss="msee")
        model.fit(np.ones((2, 2)), np.ones(2), verbose=0)
    with pytest.raises(ValueError, match="adamm"):
        model.compile(optimizer="adamm", loss="mse")
    with pytest.raises(ValueError, match="relux"):
        layers.Dense(1, activation="relux")


def test_fit_before_compile_error():
    model = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.ones((2, 2)), np.ones(2))


def test_freezing_a_layer_keeps_its_weights():
    model = cornu.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])
    model.layers[0].trainable = False
    model.compile(optimizer="sgd", loss="mse")
    frozen = model.layers[0].get_weights()
    model.fit(np.random.rand(16, 3), np.random.rand(16), epochs=2, verbose=0)
    for a, b in zip(frozen, model.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    assert len(model.trainable_weights) == 2


def test_custom_train_step_and_compute_loss():
    calls = {"loss": 0}

    class Custom(cornu.Sequential):
        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            calls["loss"] += 1
            return cornu.ops.mean(cornu.ops.abs(y_pred - cornu.ops.reshape(y, (-1, 1))))

    model = Custom([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd")
    model.fit(np.random.rand(8, 2), np.random.rand(8), batch_size=4, epochs=1, verbose=0)
    assert calls["loss"] == 2


def test_same_seed_same_run():
    def run():
        cornu.utils.set_random_seed(42)
        model = cornu.Sequential([layers.Dense(8, input_shape=(3,), activation="relu"),
                                  layers.Dropout(0.3), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        x = np.random.rand(32, 3)
        model.fit(x, x.sum(1), epochs=2, batch_size=8, verbose=0)
        return model.get_weights()

    for a, b in zip(run(), run()):
        np.testing.assert_array_equal(a, b)


def test_progress_output_without_a_terminal(capsys):
    model = _linear_model()
    model.fit(np.random.rand(10, 2), np.random.rand(10), epochs=2, batch_size=5, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "2/2" in out and "loss:" in out
    assert "\r" not in out and "\x1b" not in out and "\b" not in out
    model.fit(np.random.rand(10, 2), np.random.rand(10), epochs=2, batch_size=5, verbose=2)
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.strip()]
    assert len(lines) == 4


def test_legacy_names(recwarn):
    model = cornu.Sequential()
    model.add(layers.Dense(output_dim=4, input_dim=3))
    model.add(layers.Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    x = np.random.rand(20, 3)
    y = cornu.utils.to_categorical(np.random.randint(0, 4, 20), 4)
    model.fit(x, y, nb_epoch=2, batch_size=5, verbose=0)
    classes = model.predict_classes(x, batch_size=5)
    proba = model.predict_proba(x, batch_size=5)
    np.testing.assert_array_equal(classes, proba.argmax(-1))
    _ = io


def test_use_ema_swaps_in_the_average_at_the_end_of_fit():
    model = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer=cornu.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5), loss="mse")
    x = np.random.rand(16, 2).astype("float32")
    model.fit(x, x.sum(1), epochs=2, batch_size=4, verbose=0)
    ema = [ops_np(v) for v in model.optimizer._model_variables_moving_average]
    assert len(ema) == 2
    for got, want in zip(model.get_weights(), ema):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def ops_np(v):
    return cornu.ops.convert_to_numpy(v)


def test_train_step_receives_batches_packed_as_keras():
    """`x, y = data` (the Keras guides' custom train_step) works: no trailing Nones."""
    import cornu as _cornu

    seen = []

    class Spy(_cornu.Sequential):
        def train_step(self, data):
            seen.append(("train", type(data).__name__, len(data)))
            return super().train_step(data)

        def test_step(self, data):
            seen.append(("test", type(data).__name__, len(data)))
            return super().test_step(data)

        def predict_step(self, data):
            seen.append(("predict", type(data).__name__, getattr(data, "ndim", None)))
            return super().predict_step(data)

    model = Spy([_cornu.layers.Input((3,)), _cornu.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y, w = np.ones((8, 3), "float32"), np.ones((8, 1), "float32"), np.ones(8, "float32")
    model.fit(x, y, batch_size=8, verbose=0)
    model.fit(x, y, sample_weight=w, batch_size=8, verbose=0)
    model.fit(((x[:4], y[:4]) for _ in range(2)), steps_per_epoch=1, verbose=0)
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    model.train_on_batch(x, y)
    model.predict_on_batch(x)
    assert seen == [("train", "tuple", 2), ("train", "tuple", 3), ("train", "tuple", 2),
                    ("test", "tuple", 2), ("predict", "Tensor", 2), ("train", "tuple", 2),
                    ("predict", "Tensor", 2)]


def test_config_caps_epochs_and_steps():
    import cornu as _cornu

    model = _cornu.Sequential([_cornu.layers.Input((3,)), _cornu.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((40, 3), "float32"), np.ones((40, 1), "float32")
    steps = []

    class Count(_cornu.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            steps.append(batch)

    try:
        _cornu.config.set_max_epochs(2)
        _cornu.config.set_max_steps_per_epoch(3)
        history = model.fit(x, y, batch_size=4, epochs=5, verbose=0, callbacks=[Count()])
    finally:
        _cornu.config.set_max_epochs(None)
        _cornu.config.set_max_steps_per_epoch(None)
    assert len(history.history["loss"]) == 2 and steps == [0, 1, 2, 0, 1, 2]
    assert len(model.fit(x, y, batch_size=4, epochs=3, verbose=0).history["loss"]) == 3


def test_single_batch_predict_equals_the_batched_loop():
    import cornu as _cornu

    inp = _cornu.layers.Input((4,))
    hidden = _cornu.layers.Dense(3, activation="relu")(inp)
    model = _cornu.Model(inp, [_cornu.layers.Dense(2)(hidden), _cornu.layers.Dense(1)(hidden)])
    x = np.random.default_rng(0).random((5, 4))  # float64: converted as in the loop
    fast = model.predict(x, verbose=0)  # one batch, silent: the short path
    looped = model.predict(x, verbose=0, batch_size=2)  # three batches
    assert isinstance(fast, list) and len(fast) == 2
    for a, b in zip(fast, looped):
        assert a.dtype == b.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-6)
    with pytest.raises(ValueError, match="no batches"):
        model.predict(np.zeros((0, 4)), verbose=0)
