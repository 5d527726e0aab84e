"""AUC (ROC, PR, PRGAIN; summations; multi-label; logits) against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import confusion, roc_auc, run_beside_keras, to_np

from cornu import metrics


def _batches(n=3, seed=0, batch=24, labels=3, logits=False, weights=True):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        y_true = (rng.uniform(size=(batch, labels)) > 0.6).astype("float32")
        noise = rng.normal(size=(batch, labels)) if logits else rng.uniform(size=(batch, labels))
        y_pred = (0.4 * y_true + noise).astype("float32")
        if not logits:
            y_pred = np.clip(y_pred, 0.0, 1.0)
        sw = rng.uniform(size=(batch,)).astype("float32") if weights and i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_thresholds": 11},
    {"curve": "PR"},
    {"curve": "PR", "summation_method": "majoring"},
    {"curve": "ROC", "summation_method": "minoring"},
    {"curve": "PRGAIN", "num_thresholds": 50},
    {"thresholds": [0.1, 0.35, 0.8]},
    {"thresholds": [0.25, 0.5, 0.75], "curve": "PR"},
    {"multi_label": True},
    {"multi_label": True, "num_labels": 3, "curve": "PR"},
    {"multi_label": True, "label_weights": [0.2, 0.5, 0.3]},
    {"label_weights": [1.0, 0.0, 2.0]},
    {"thresholds": [0.013 * i + 0.005 for i in range(60)], "multi_label": True},
])
def test_matches_keras(keras, kwargs):
    run_beside_keras("AUC", _batches(), kwargs, rtol=1e-5, atol=1e-6)


def test_from_logits_matches_keras(keras):
    run_beside_keras("AUC", _batches(logits=True, seed=2), {"from_logits": True})


def test_roc_auc_matches_numpy_reference():
    batches = _batches(seed=4, labels=1)
    m = metrics.AUC(num_thresholds=101)
    thresholds = [-1e-7] + [i / 100 for i in range(1, 100)] + [1 + 1e-7]
    counts = 0
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
        counts = counts + confusion(t, p, thresholds, sw)
    np.testing.assert_allclose(to_np(m.result()), roc_auc(*counts), rtol=1e-5)


def test_separable_data_gives_one_and_variables_are_shaped_per_label():
    m = metrics.AUC(multi_label=True)
    m.update_state([[0, 1], [1, 0], [1, 1]], [[0.1, 0.9], [0.8, 0.2], [0.7, 0.6]])
    assert float(m.result()) == pytest.approx(1.0)
    assert tuple(m.true_positives.shape) == (200, 2)
    assert len(m.thresholds) == 200


def test_config_round_trip_keeps_thresholds_and_weights():
    m = metrics.AUC(thresholds=[0.7, 0.2], curve="pr", label_weights=[1.0, 2.0])
    config = m.get_config()
    assert config["thresholds"] == [0.2, 0.7] and config["num_thresholds"] == 4
    assert config["curve"] == "PR" and config["label_weights"] == [1.0, 2.0]
    assert metrics.AUC.from_config(config).get_config() == config


def test_argument_errors():
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="DET")
    with pytest.raises(ValueError, match="summation_method"):
        metrics.AUC(summation_method="simpson")
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="num_labels"):
        metrics.AUC(num_labels=3)
    with pytest.raises(ValueError, match="rank 2"):
        metrics.AUC(multi_label=True).update_state(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
