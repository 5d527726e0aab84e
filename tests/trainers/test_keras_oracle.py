"""Training runs step for step like real Keras 3 (torch backend) from the same weights."""

import numpy as np
import pytest

import cornu


def _pair(keras, build, optimizer, loss, metrics=None):
    km = build(keras)
    cm = build(cornu)
    cm.set_weights(km.get_weights())
    km.compile(optimizer=optimizer(keras), loss=loss, metrics=metrics)
    cm.compile(optimizer=optimizer(cornu), loss=loss, metrics=metrics)
    return km, cm


def _mlp(lib):
    return lib.Sequential([
        lib.Input(shape=(6,)),
        lib.layers.Dense(16, activation="relu"),
        lib.layers.Dense(8, activation="tanh"),
        lib.layers.Dense(3, activation="softmax"),
    ])


@pytest.mark.parametrize("opt", [
    lambda lib: lib.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
    lambda lib: lib.optimizers.Adam(learning_rate=0.01),
    lambda lib: lib.optimizers.RMSprop(learning_rate=0.01),
])
def test_fit_without_shuffle_matches_keras(keras, opt):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 6)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, 3, 40), 3)
    km, cm = _pair(keras, _mlp, opt, "categorical_crossentropy", ["accuracy"])
    kh = km.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    ch = cm.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    for a, b in zip(km.get_weights(), cm.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ch.history["loss"], kh.history["loss"], rtol=1e-4)
    np.testing.assert_allclose(ch.history["accuracy"], kh.history["accuracy"], rtol=1e-6)
    ke = km.evaluate(x, y, verbose=0, return_dict=True)
    ce = cm.evaluate(x, y, verbose=0, return_dict=True)
    assert set(ke) == set(ce)
    for k in ke:
        np.testing.assert_allclose(ce[k], ke[k], rtol=1e-5)
    np.testing.assert_allclose(cm.predict(x, verbose=0), km.predict(x, verbose=0), rtol=1e-5,
                               atol=1e-6)


def test_sample_weight_validation_split_match_keras(keras):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((30, 6)).astype("float32")
    y = rng.standard_normal((30, 1)).astype("float32")
    sw = rng.uniform(0, 2, 30).astype("float32")

    def build(lib):
        return lib.Sequential([lib.Input(shape=(6,)), lib.layers.Dense(4, activation="relu"),
                               lib.layers.Dense(1)])

    km, cm = _pair(keras, build, lambda lib: lib.optimizers.SGD(learning_rate=0.05), "mse",
                   ["mae"])
    kw = dict(batch_size=4, epochs=2, shuffle=False, verbose=0, sample_weight=sw,
              validation_split=0.2)
    kh, ch = km.fit(x, y, **kw), cm.fit(x, y, **kw)
    assert set(kh.history) == set(ch.history)
    for key in kh.history:
        np.testing.assert_allclose(ch.history[key], kh.history[key], rtol=1e-4, err_msg=key)


def test_count_params_and_weights_order_match_keras(keras):
    km, cm = _mlp(keras), _mlp(cornu)
    assert cm.count_params() == km.count_params()
    assert [w.shape for w in cm.get_weights()] == [w.shape for w in km.get_weights()]
