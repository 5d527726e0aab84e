"""FBetaScore and F1Score against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import run_beside_keras, to_np

from cornu import metrics


def _batches(n=3, seed=0, batch=20, classes=4, weights=True):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        y_true = (rng.uniform(size=(batch, classes)) > 0.6).astype("float32")
        y_pred = rng.uniform(size=(batch, classes)).astype("float32")
        sw = rng.uniform(size=(batch,)).astype("float32") if weights and i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


@pytest.mark.parametrize("name", ["F1Score", "FBetaScore"])
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("threshold", [None, 0.4])
def test_matches_keras(keras, name, average, threshold):
    kwargs = {"average": average, "threshold": threshold}
    if name == "FBetaScore":
        kwargs["beta"] = 0.5
    run_beside_keras(name, _batches(), kwargs)


def _reference(batches, beta, threshold, average):
    t = np.concatenate([b[0] for b in batches]).astype(float)
    p = np.concatenate([b[1] for b in batches]).astype(float)
    w = np.concatenate([np.ones(len(b[0])) if b[2] is None else b[2] for b in batches])[:, None]
    pred = (p > threshold).astype(float)
    axis = None if average == "micro" else 0
    tp = (pred * t * w).sum(axis)
    fp = (pred * (1 - t) * w).sum(axis)
    fn = ((1 - pred) * t * w).sum(axis)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f = (1 + beta**2) * precision * recall / (beta**2 * precision + recall)
    if average == "macro":
        return f.mean()
    if average == "weighted":
        support = (t * w).sum(0)
        return (f * support).sum() / support.sum()
    return f


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_matches_numpy_reference(average):
    batches = _batches(seed=2)
    m = metrics.FBetaScore(average=average, beta=2.0, threshold=0.5)
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
    np.testing.assert_allclose(to_np(m.result()), _reference(batches, 2.0, 0.5, average),
                               rtol=1e-5)


def test_without_threshold_the_row_maximum_is_the_prediction():
    m = metrics.F1Score(average="micro")
    m.update_state([[0, 1, 0], [1, 0, 0]], [[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]])
    assert float(m.result()) == pytest.approx(0.5, rel=1e-5)


def test_argument_errors_and_config():
    with pytest.raises(ValueError, match="average"):
        metrics.F1Score(average="samples")
    with pytest.raises(ValueError, match="beta"):
        metrics.FBetaScore(beta=2)
    with pytest.raises(ValueError, match="threshold"):
        metrics.F1Score(threshold=1.5)
    with pytest.raises(ValueError, match="2D"):
        metrics.F1Score().update_state(np.zeros(3), np.zeros(3))
    assert "beta" not in metrics.F1Score().get_config()
    assert metrics.FBetaScore(beta=2.0).get_config()["beta"] == 2.0
