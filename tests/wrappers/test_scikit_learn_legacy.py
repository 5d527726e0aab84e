"""Keras 2's ``keras.wrappers.scikit_learn.KerasClassifier``/``KerasRegressor``."""

import pickle

import numpy as np
import pytest

import cornu

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from cornu.wrappers import KerasClassifier, KerasRegressor  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
X, Y = load_iris(return_X_y=True)
X = StandardScaler().fit_transform(X)
BUILT_WITH = []


def create_model(units=8, optimizer="adam", loss="categorical_crossentropy"):
    """The usual Keras 2 tutorial build_fn: every argument has a default."""
    BUILT_WITH.append(units)
    model = cornu.Sequential([cornu.layers.Dense(units, input_dim=4, activation="relu"),
                              cornu.layers.Dense(3, activation="softmax")])
    model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
    return model


def test_sk_params_route_to_build_fn_fit_and_predict():
    clf = KerasClassifier(build_fn=create_model, units=12, epochs=30, batch_size=16, verbose=0)
    assert clf.get_params() == {"build_fn": create_model, "units": 12, "epochs": 30,
                                "batch_size": 16, "verbose": 0}
    history = clf.fit(X, Y)  # Keras 2 returns the History
    assert BUILT_WITH[-1] == 12 and len(history.history["loss"]) == 30
    assert clf.model.layers[0].units == 12 and clf.n_classes_ == 3
    predicted = clf.predict(X)
    assert predicted.shape == (150,) and accuracy_score(Y, predicted) > 0.7
    proba = clf.predict_proba(X[:5])
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    assert clf.score(X, Y) == pytest.approx(accuracy_score(Y, predicted), abs=1e-6)


def test_set_params_and_illegal_params():
    clf = KerasClassifier(build_fn=create_model, verbose=0)
    assert clf.set_params(units=5, epochs=1) is clf
    clf.fit(X, Y)
    assert clf.model.layers[0].units == 5
    with pytest.raises(ValueError, match="'colour' is not a legal parameter"):
        KerasClassifier(build_fn=create_model, colour="red")
    with pytest.raises(ValueError, match="not a legal parameter"):
        clf.set_params(colour="red")


def test_labels_and_binary_probabilities():
    def binary(units=4):
        model = cornu.Sequential([cornu.layers.Dense(units, input_dim=4, activation="relu"),
                                  cornu.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["acc"])
        return model

    labels = np.where(Y == 0, "setosa", "other")
    clf = KerasClassifier(binary, epochs=20, verbose=0, nb_epoch=20)  # Keras 1's nb_epoch too
    clf.fit(X, labels)
    assert clf.classes_.tolist() == ["other", "setosa"]
    assert set(clf.predict(X)) <= {"other", "setosa"}
    proba = clf.predict_proba(X[:3])
    assert proba.shape == (3, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
    assert 0 <= clf.score(X, labels) <= 1  # "acc" is found as well as "accuracy"


def test_one_hot_targets_and_score_without_accuracy():
    clf = KerasClassifier(create_model, epochs=1, verbose=0)
    clf.fit(X, np.eye(3)[Y])
    assert clf.classes_.tolist() == [0, 1, 2]

    def no_metric():
        model = cornu.Sequential([cornu.layers.Dense(3, input_dim=4, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="sgd")
        return model

    clf = KerasClassifier(no_metric, epochs=1, verbose=0)
    clf.fit(X, Y)
    with pytest.raises(ValueError, match="metrics=\\['accuracy'\\]"):
        clf.score(X, Y)


def test_regressor_predict_squeezes_and_score_is_minus_loss():
    def linear(learning_rate=0.05):
        model = cornu.Sequential([cornu.layers.Dense(1, input_dim=4)])
        model.compile(loss="mse", optimizer=cornu.optimizers.SGD(learning_rate))
        return model

    target = X @ np.array([1.0, -2.0, 0.5, 3.0])
    reg = KerasRegressor(build_fn=linear, epochs=40, batch_size=10, verbose=0)
    reg.fit(X, target)
    predicted = reg.predict(X)
    assert predicted.shape == (150,)
    loss = reg.model.evaluate(X, target, verbose=0)
    assert reg.score(X, target) == pytest.approx(-loss, rel=1e-5) and loss < 0.1
    assert reg.predict(X[:1]).shape == (1,)


def test_build_fn_object_and_subclass_call():
    class Builder:
        def __call__(self, units=6):
            return create_model(units=units)

    clf = KerasClassifier(Builder(), units=7, epochs=1, verbose=0)
    clf.fit(X, Y)
    assert clf.model.layers[0].units == 7

    class MyClassifier(KerasClassifier):
        def __call__(self, units=3):
            return create_model(units=units)

    clf = MyClassifier(units=9, epochs=1, verbose=0)
    clf.fit(X, Y)
    assert clf.model.layers[0].units == 9


def test_sklearn_tools():
    clf = KerasClassifier(build_fn=create_model, epochs=20, batch_size=16, verbose=0)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params() and copy is not clf
    folds = KFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(clf, X, Y, cv=folds)
    assert scores.shape == (3,) and scores.mean() > 0.6
    search = GridSearchCV(clf, {"units": [4, 16], "epochs": [5, 20]}, cv=2).fit(X, Y)
    assert set(search.best_params_) == {"units", "epochs"}
    pipe = Pipeline([("scale", StandardScaler()), ("net", clf)]).fit(X, Y)
    assert pipe.predict(X).shape == (150,)


def test_pickle_keeps_the_fitted_model():
    clf = KerasClassifier(build_fn=create_model, epochs=2, verbose=0)
    clf.fit(X, Y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(restored.predict_proba(X[:5]), clf.predict_proba(X[:5]),
                               rtol=1e-6)
    assert restored.get_params() == clf.get_params()
