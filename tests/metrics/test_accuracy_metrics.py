"""Accuracy metrics and functions against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import accumulate, run_beside_keras, to_np, weighted_mean

from cornu import metrics


def _batches(kind, n=3, seed=0, weights=True, batch=12, classes=5):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        y_pred = rng.uniform(size=(batch, classes)).astype("float32")
        if kind == "binary":
            y_true = (rng.uniform(size=(batch, classes)) > 0.5).astype("float32")
        elif kind == "onehot":
            y_true = np.eye(classes, dtype="float32")[rng.integers(0, classes, batch)]
        elif kind == "sparse":
            y_true = rng.integers(0, classes, size=(batch,))
        elif kind == "sparse_col":
            y_true = rng.integers(0, classes, size=(batch, 1))
        else:  # exact matches for Accuracy
            y_true = rng.integers(0, 3, size=(batch, 1)).astype("float32")
            y_pred = rng.integers(0, 3, size=(batch, 1)).astype("float32")
        sw = rng.uniform(size=(batch,)).astype("float32") if weights and i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


CASES = [
    ("Accuracy", {}, "exact"),
    ("BinaryAccuracy", {}, "binary"),
    ("BinaryAccuracy", {"threshold": 0.3}, "binary"),
    ("CategoricalAccuracy", {}, "onehot"),
    ("SparseCategoricalAccuracy", {}, "sparse"),
    ("SparseCategoricalAccuracy", {}, "sparse_col"),
    ("TopKCategoricalAccuracy", {}, "onehot"),
    ("TopKCategoricalAccuracy", {"k": 2}, "onehot"),
    ("SparseTopKCategoricalAccuracy", {"k": 3}, "sparse"),
    ("SparseTopKCategoricalAccuracy", {"k": 1}, "sparse_col"),
]


@pytest.mark.parametrize("name,kwargs,kind", CASES)
def test_matches_keras(keras, name, kwargs, kind):
    run_beside_keras(name, _batches(kind), kwargs)


def _ref_sparse_top_k(t, p, k):
    t = np.asarray(t).reshape(-1)
    kth = np.sort(p, axis=-1)[:, -k]
    return (p[np.arange(len(t)), t] >= kth).astype(float)


REFERENCE = [
    ("Accuracy", {}, "exact", lambda t, p: (t == p)[:, 0].astype(float)),
    ("BinaryAccuracy", {}, "binary", lambda t, p: ((p > 0.5) == t).mean(-1)),
    ("CategoricalAccuracy", {}, "onehot", lambda t, p: t.argmax(-1) == p.argmax(-1)),
    ("SparseCategoricalAccuracy", {}, "sparse", lambda t, p: t == p.argmax(-1)),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse",
     lambda t, p: _ref_sparse_top_k(t, p, 2)),
    ("TopKCategoricalAccuracy", {"k": 2}, "onehot",
     lambda t, p: _ref_sparse_top_k(t.argmax(-1), p, 2)),
]


@pytest.mark.parametrize("name,kwargs,kind,ref", REFERENCE)
def test_matches_numpy_reference(name, kwargs, kind, ref):
    batches = _batches(kind, seed=7)
    m = getattr(metrics, name)(**kwargs)
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
    values, weights = accumulate(batches, lambda t, p: np.asarray(ref(t, p), float))
    np.testing.assert_allclose(to_np(m.result()), weighted_mean(values, weights), rtol=1e-5)


def test_functions_match_keras(keras):
    rng = np.random.default_rng(5)
    probs = rng.uniform(size=(6, 3, 4)).astype("float32")
    onehot = np.eye(4, dtype="float32")[rng.integers(0, 4, (6, 3))]
    sparse = rng.integers(0, 4, (6, 3))
    pairs = [
        ("binary_accuracy", onehot, probs, {}),
        ("binary_accuracy", onehot, probs, {"threshold": 0.2}),
        ("categorical_accuracy", onehot, probs, {}),
        ("sparse_categorical_accuracy", sparse, probs, {}),
        ("top_k_categorical_accuracy", onehot, probs, {"k": 2}),
        ("sparse_top_k_categorical_accuracy", sparse, probs, {"k": 2}),
    ]
    for fn, t, p, kw in pairs:
        ours = to_np(getattr(metrics, fn)(t, p, **kw))
        theirs = keras.ops.convert_to_numpy(getattr(keras.metrics, fn)(t, p, **kw))
        np.testing.assert_allclose(ours, theirs, err_msg=fn)


def test_sparse_top_k_from_sorted_ids():
    ids = np.array([[2, 0, 1], [1, 2, 0]])
    m = metrics.SparseTopKCategoricalAccuracy(k=1, from_sorted_ids=True)
    m.update_state([2, 0], ids)
    assert float(m.result()) == 0.5
    assert m.get_config()["from_sorted_ids"] is True
    assert "from_sorted_ids" not in metrics.SparseTopKCategoricalAccuracy().get_config()


def test_top_k_larger_than_the_number_of_classes_counts_everything():
    m = metrics.SparseTopKCategoricalAccuracy(k=10)
    m.update_state([0, 1], [[0.1, 0.9], [0.8, 0.2]])
    assert float(m.result()) == 1.0


@pytest.mark.parametrize("name", ["SparseCategoricalAccuracy", "CategoricalAccuracy",
                                  "SparseTopKCategoricalAccuracy", "Accuracy"])
def test_sequence_outputs_with_per_step_weights_match_keras(keras, name):
    rng = np.random.default_rng(8)
    batches = []
    for i in range(3):
        y_pred = rng.uniform(size=(4, 6, 5)).astype("float32")
        labels = rng.integers(0, 5, size=(4, 6))
        if name == "CategoricalAccuracy":
            y_true = np.eye(5, dtype="float32")[labels]
        elif name == "Accuracy":
            y_true, y_pred = labels, rng.integers(0, 5, size=(4, 6))
        else:
            y_true = labels
        sw = rng.uniform(size=(4, 6)).astype("float32") if i else None
        batches.append((y_true, y_pred, sw))
    run_beside_keras(name, batches)
