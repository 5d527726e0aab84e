"""Confusion counts, Precision, Recall and the constrained rates against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import confusion, run_beside_keras, to_np

from cornu import metrics


def _batches(n=3, seed=0, batch=16, labels=3, weights=True, shape=None, integer_grid=False):
    rng = np.random.default_rng(seed)
    shape = shape or (batch, labels)
    out = []
    for i in range(n):
        y_true = (rng.uniform(size=shape) > 0.5).astype("float32")
        y_pred = rng.uniform(size=shape).astype("float32")
        if integer_grid:  # predictions exactly on thresholds exercise the strict ">"
            y_pred = (rng.integers(0, 5, size=shape) / 4).astype("float32")
        sw = rng.uniform(size=(shape[0],)).astype("float32") if weights and i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


COUNTS = ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"]


@pytest.mark.parametrize("name", COUNTS)
@pytest.mark.parametrize("thresholds", [None, 0.3, [0.2, 0.5, 0.9], [0.8, 0.1],
                                        [0.0, 0.25, 0.5, 0.75, 1.0],
                                        [0.9, 0.1, 0.5, 0.3, 0.75, 0.2],
                                        [round(0.02 * i + 0.01, 2) for i in range(40)]])
def test_counts_match_keras(keras, name, thresholds):
    run_beside_keras(name, _batches(integer_grid=True), {"thresholds": thresholds})


@pytest.mark.parametrize("name,kwargs", [
    ("Precision", {}),
    ("Precision", {"thresholds": [0.1, 0.5, 0.7]}),
    ("Precision", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}),
    ("Precision", {"top_k": 2}),
    ("Precision", {"class_id": 1}),
    ("Precision", {"top_k": 1, "class_id": 2, "thresholds": 0.3}),
    ("Recall", {}),
    ("Recall", {"thresholds": [0.9, 0.4]}),
    ("Recall", {"top_k": 2}),
    ("Recall", {"class_id": 0}),
    ("SensitivityAtSpecificity", {"specificity": 0.6}),
    ("SensitivityAtSpecificity", {"specificity": 0.5, "num_thresholds": 1}),
    ("SpecificityAtSensitivity", {"sensitivity": 0.7, "num_thresholds": 50}),
    ("PrecisionAtRecall", {"recall": 0.4, "class_id": 1}),
    ("RecallAtPrecision", {"precision": 0.55}),
])
def test_rates_match_keras(keras, name, kwargs):
    run_beside_keras(name, _batches(seed=3), kwargs)
    run_beside_keras(name, _batches(seed=4, integer_grid=True), kwargs)


def test_counts_match_numpy_reference():
    thresholds = [0.0, 0.2, 0.5, 0.77, 1.0]
    batches = _batches(seed=5, labels=4)
    ms = {k: getattr(metrics, k)(thresholds=thresholds) for k in COUNTS}
    expected = 0
    for t, p, sw in batches:
        for m in ms.values():
            m.update_state(t, p, sample_weight=sw)
        expected = expected + confusion(t, p, thresholds, sw)
    for i, key in enumerate(["TruePositives", "FalsePositives", "TrueNegatives",
                             "FalseNegatives"]):
        np.testing.assert_allclose(to_np(ms[key].result()), expected[i], rtol=1e-5)


def test_precision_recall_match_numpy_reference():
    batches = _batches(seed=6)
    precision, recall = metrics.Precision(thresholds=[0.3, 0.6]), metrics.Recall()
    tp = fp = tp_half = fn_half = 0
    for t, p, sw in batches:
        precision.update_state(t, p, sample_weight=sw)
        recall.update_state(t, p, sample_weight=sw)
        c, half = confusion(t, p, [0.3, 0.6], sw), confusion(t, p, [0.5], sw)
        tp, fp = tp + c[0], fp + c[1]
        tp_half, fn_half = tp_half + half[0, 0], fn_half + half[3, 0]
    np.testing.assert_allclose(to_np(precision.result()), tp / (tp + fp), rtol=1e-5)
    np.testing.assert_allclose(to_np(recall.result()), tp_half / (tp_half + fn_half),
                               rtol=1e-5)


def test_sensitivity_at_specificity_reference():
    rng = np.random.default_rng(9)
    t = (rng.uniform(size=200) > 0.4).astype("float32")
    p = np.clip(t * 0.3 + rng.uniform(size=200) * 0.7, 0, 1).astype("float32")
    m = metrics.SensitivityAtSpecificity(0.8, num_thresholds=21)
    m.update_state(t, p)
    grid = np.linspace(0, 1, 21)
    tp, fp, tn, fn = confusion(t, p, grid)
    feasible = tn / (tn + fp) >= 0.8
    np.testing.assert_allclose(to_np(m.result()), (tp / (tp + fn))[feasible].max(), rtol=1e-5)


def test_rank_one_and_column_inputs_agree():
    a, b = metrics.Precision(), metrics.Precision()
    a.update_state([1, 0, 1, 1], [0.9, 0.8, 0.2, 0.7], sample_weight=[1, 2, 3, 4])
    b.update_state([[1], [0], [1], [1]], [[0.9], [0.8], [0.2], [0.7]],
                   sample_weight=[1, 2, 3, 4])
    assert float(a.result()) == float(b.result()) == pytest.approx(5 / 7)


def test_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        metrics.Precision(thresholds=[0.5, 1.5])
    with pytest.raises(ValueError, match="specificity"):
        metrics.SensitivityAtSpecificity(1.5)
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.RecallAtPrecision(0.5, num_thresholds=0)
    with pytest.raises(ValueError, match="class_id"):
        metrics.Recall(class_id=1).update_state([1, 0], [0.3, 0.6])
