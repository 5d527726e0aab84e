"""Crossentropy, KL, Poisson and hinge metrics and functions against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import (
    accumulate,
    bce,
    categorical_hinge,
    cce,
    hinge,
    kld,
    poisson,
    run_beside_keras,
    scce,
    squared_hinge,
    to_np,
    weighted_mean,
)

from cornu import metrics


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _batches(kind, n=3, seed=0, batch=10, classes=4):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        logits = rng.normal(size=(batch, classes)).astype("float32")
        probs = _softmax(logits).astype("float32")
        if kind == "binary":
            y_true = (rng.uniform(size=(batch, classes)) > 0.5).astype("float32")
            y_pred = rng.uniform(0.01, 0.99, size=(batch, classes)).astype("float32")
        elif kind == "binary_logits":
            y_true = (rng.uniform(size=(batch, classes)) > 0.5).astype("float32")
            y_pred = logits
        elif kind == "onehot":
            y_true = np.eye(classes, dtype="float32")[rng.integers(0, classes, batch)]
            y_pred = probs
        elif kind == "onehot_logits":
            y_true = np.eye(classes, dtype="float32")[rng.integers(0, classes, batch)]
            y_pred = logits
        elif kind == "sparse":
            y_true = rng.integers(0, classes, size=(batch,))
            y_pred = probs
        elif kind == "distributions":
            y_true = _softmax(rng.normal(size=(batch, classes))).astype("float32")
            y_pred = probs
        elif kind == "counts":
            y_true = rng.poisson(2.0, size=(batch, classes)).astype("float32")
            y_pred = rng.uniform(0.5, 3.0, size=(batch, classes)).astype("float32")
        elif kind == "signed":
            y_true = rng.choice([-1.0, 1.0], size=(batch, classes)).astype("float32")
            y_pred = logits
        sw = rng.uniform(size=(batch,)).astype("float32") if i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


CASES = [
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True}, "binary_logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}, "binary"),
    ("CategoricalCrossentropy", {}, "onehot"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, "onehot_logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 1}, "sparse"),
    ("KLDivergence", {}, "distributions"),
    ("Poisson", {}, "counts"),
    ("Hinge", {}, "binary"),
    ("Hinge", {}, "signed"),
    ("SquaredHinge", {}, "binary"),
    ("SquaredHinge", {}, "signed"),
    ("CategoricalHinge", {}, "onehot"),
]


@pytest.mark.parametrize("name,kwargs,kind", CASES)
def test_matches_keras(keras, name, kwargs, kind):
    run_beside_keras(name, _batches(kind), kwargs)


REFERENCE = [
    ("BinaryCrossentropy", "binary", bce),
    ("CategoricalCrossentropy", "onehot", cce),
    ("SparseCategoricalCrossentropy", "sparse", scce),
    ("KLDivergence", "distributions", kld),
    ("Poisson", "counts", poisson),
    ("Hinge", "binary", hinge),
    ("SquaredHinge", "signed", squared_hinge),
    ("CategoricalHinge", "onehot", categorical_hinge),
]


@pytest.mark.parametrize("name,kind,ref", REFERENCE)
def test_matches_numpy_reference(name, kind, ref):
    batches = _batches(kind, seed=11)
    m = getattr(metrics, name)()
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
    values, weights = accumulate(batches, lambda t, p: ref(t.astype(float), p.astype(float)))
    np.testing.assert_allclose(to_np(m.result()), weighted_mean(values, weights), rtol=1e-5)


FUNCTIONS = [
    ("binary_crossentropy", "binary", {"label_smoothing": 0.1}),
    ("binary_crossentropy", "binary_logits", {"from_logits": True}),
    ("categorical_crossentropy", "onehot", {}),
    ("categorical_crossentropy", "onehot_logits", {"from_logits": True}),
    ("sparse_categorical_crossentropy", "sparse", {}),
    ("sparse_categorical_crossentropy", "sparse", {"ignore_class": 0}),
    ("binary_focal_crossentropy", "binary", {}),
    ("binary_focal_crossentropy", "binary_logits",
     {"from_logits": True, "apply_class_balancing": True, "gamma": 1.5}),
    ("categorical_focal_crossentropy", "onehot", {"label_smoothing": 0.1}),
    ("categorical_focal_crossentropy", "onehot_logits", {"from_logits": True, "alpha": 0.5}),
    ("kl_divergence", "distributions", {}),
    ("poisson", "counts", {}),
    ("hinge", "binary", {}),
    ("squared_hinge", "signed", {}),
    ("categorical_hinge", "onehot", {}),
]


@pytest.mark.parametrize("fn,kind,kwargs", FUNCTIONS)
def test_functions_match_keras(keras, fn, kind, kwargs):
    t, p, _ = _batches(kind, n=1, seed=3)[0]
    ours = to_np(getattr(metrics, fn)(t, p, **kwargs))
    theirs = keras.ops.convert_to_numpy(getattr(keras.metrics, fn)(t, p, **kwargs))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_ignore_class_masks_the_values():
    values = metrics.sparse_categorical_crossentropy([0, 1, 2], np.full((3, 3), 1 / 3),
                                                     ignore_class=1)
    np.testing.assert_allclose(to_np(values), [np.log(3), 0.0, np.log(3)], rtol=1e-5)
    np.testing.assert_array_equal(to_np(values._keras_mask), [1, 0, 1])


def test_crossentropy_metrics_expose_their_arguments():
    m = metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1, axis=-1)
    assert (m.from_logits, m.label_smoothing, m.axis) == (True, 0.1, -1)
    assert m.get_config() == {"name": "categorical_crossentropy", "dtype": "float32",
                              "from_logits": True, "label_smoothing": 0.1, "axis": -1}
    with pytest.raises(ValueError, match="axis"):
        metrics.categorical_crossentropy([[1.0]], [[1.0]], axis=True)
