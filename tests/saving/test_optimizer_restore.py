"""An optimizer saved before its first step (unbuilt: only ``iteration`` and
``learning_rate``) loads into the built optimizer of the reloaded model without a warning,
and a full state loads into a model whose optimizer is not built yet. Real Keras 3 warns
"Skipping variable loading for optimizer" in the first case; cornu restores what was saved.
"""

import pickle
import warnings

import numpy as np
import pytest

import cornu


def _model(lr=0.05):
    cornu.utils.set_random_seed(3)
    model = cornu.Sequential([cornu.Input((4,)), cornu.layers.Dense(8, activation="relu"),
                              cornu.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=cornu.optimizers.Adam(lr), loss="categorical_crossentropy")
    return model


def _build(X, y):
    return _model()


def _data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 4)).astype("float32")
    return x, np.eye(3, dtype="float32")[rng.integers(0, 3, 16)]


def _no_optimizer_warning(record):
    messages = [str(w.message) for w in record if "optimizer" in str(w.message).lower()]
    assert not messages, messages


def test_unbuilt_optimizer_reloads_without_warning(keras, tmp_path):
    model = _model(lr=0.05)
    assert not model.optimizer.built
    path = tmp_path / "m.keras"
    model.save(path)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        loaded = cornu.saving.load_model(path)
    _no_optimizer_warning(record)
    assert loaded.optimizer.built
    assert float(np.asarray(loaded.optimizer.learning_rate)) == pytest.approx(0.05)
    x, y = _data()
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    loaded.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    # The same file in real Keras: Keras's own loader warns and skips (the reason for the fix).
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        keras.saving.load_model(path)


def test_full_state_builds_an_unbuilt_optimizer(tmp_path):
    x, y = _data()
    trained = _model()
    trained.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    path = tmp_path / "w.weights.h5"
    trained.save_weights(path)
    fresh = _model()
    assert not fresh.optimizer.built
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fresh.load_weights(path)
    _no_optimizer_warning(record)
    assert int(np.asarray(fresh.optimizer.iterations)) == 2
    for a, b in zip(trained.optimizer.variables, fresh.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(b), np.asarray(a))


def test_other_optimizer_state_is_skipped_with_a_warning(tmp_path):
    x, y = _data()
    source = _model()
    source.fit(x, y, verbose=0)
    path = tmp_path / "w.weights.h5"
    source.save_weights(path)
    target = _model()
    target.compile(optimizer=cornu.optimizers.SGD(momentum=0.9), loss="mse")
    target.fit(x, y, verbose=0)
    with pytest.warns(UserWarning, match="Skipping the state of optimizer"):
        target.load_weights(path)
    for a, b in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(b, a)


@pytest.mark.parametrize("as_function", [True, False])
def test_sklearn_wrapper_pickles_and_clones_without_warning(as_function):
    pytest.importorskip("sklearn")
    from sklearn.base import clone

    from cornu.wrappers import SKLearnClassifier

    x, y = _data()
    labels = y.argmax(1)
    model = _build if as_function else _model()
    clf = SKLearnClassifier(model=model, fit_kwargs={"epochs": 2, "verbose": 0})
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        unfitted = pickle.loads(pickle.dumps(clf)) if not as_function else clf
        clf.fit(x, labels)
        restored = pickle.loads(pickle.dumps(clf))
        cloned = clone(clf).fit(x, labels)
    _no_optimizer_warning(record)
    np.testing.assert_array_equal(restored.predict(x), clf.predict(x))
    np.testing.assert_array_equal(restored.model_.predict(x, verbose=0),
                                  clf.model_.predict(x, verbose=0))
    assert int(np.asarray(restored.model_.optimizer.iterations)) == 2  # 2 epochs of 1 batch
    for a, b in zip(clf.model_.optimizer.variables, restored.model_.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(b), np.asarray(a))
    assert cloned.predict(x).shape == labels.shape
    assert unfitted.get_params()["fit_kwargs"] == {"epochs": 2, "verbose": 0}
