"""Regression, R2 and correlation metrics against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import (
    accumulate,
    cosine,
    logcosh,
    mae,
    mape,
    mse,
    msle,
    pearson,
    run_beside_keras,
    to_np,
    weighted_mean,
)

from cornu import metrics


def _batches(n=3, seed=0, batch=9, dims=4, positive=False, weights=True):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        if positive:
            t = rng.uniform(0.0, 3.0, size=(batch, dims)).astype("float32")
            p = rng.uniform(0.0, 3.0, size=(batch, dims)).astype("float32")
        else:
            t = rng.normal(size=(batch, dims)).astype("float32")
            p = (t + 0.5 * rng.normal(size=(batch, dims))).astype("float32")
        sw = rng.uniform(size=(batch,)).astype("float32") if weights and i > 0 else None
        out.append((t, p, sw))
    return out


CASES = [
    ("MeanSquaredError", {}, {}),
    ("RootMeanSquaredError", {}, {}),
    ("MeanAbsoluteError", {}, {}),
    ("MeanAbsolutePercentageError", {}, {}),
    ("MeanSquaredLogarithmicError", {}, {"positive": True}),
    ("CosineSimilarity", {}, {}),
    ("LogCoshError", {}, {}),
    ("PearsonCorrelation", {}, {}),
    ("ConcordanceCorrelation", {}, {}),
    ("R2Score", {}, {}),
    ("R2Score", {"class_aggregation": "variance_weighted_average"}, {}),
    ("R2Score", {"class_aggregation": None}, {}),
    ("R2Score", {"num_regressors": 2}, {"batch": 20}),
]


@pytest.mark.parametrize("name,kwargs,data", CASES)
def test_matches_keras(keras, name, kwargs, data):
    run_beside_keras(name, _batches(**data), kwargs)


REFERENCE = [
    ("MeanSquaredError", mse, {}),
    ("MeanAbsoluteError", mae, {}),
    ("MeanAbsolutePercentageError", mape, {}),
    ("MeanSquaredLogarithmicError", msle, {"positive": True}),
    ("CosineSimilarity", cosine, {}),
    ("LogCoshError", logcosh, {}),
    ("PearsonCorrelation", pearson, {}),
]


@pytest.mark.parametrize("name,ref,data", REFERENCE)
def test_matches_numpy_reference(name, ref, data):
    batches = _batches(seed=5, **data)
    m = getattr(metrics, name)()
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
    values, weights = accumulate(batches, lambda t, p: ref(t.astype(float), p.astype(float)))
    np.testing.assert_allclose(to_np(m.result()), weighted_mean(values, weights), rtol=1e-5)


def test_root_mean_squared_error_reference():
    batches = _batches(seed=6)
    m = metrics.RootMeanSquaredError()
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
    values, weights = accumulate(batches, lambda t, p: ((t - p) ** 2).mean(-1))
    np.testing.assert_allclose(to_np(m.result()), np.sqrt(weighted_mean(values, weights)),
                               rtol=1e-5)


def test_r2_score_reference():
    batches = _batches(seed=8, weights=False)
    m = metrics.R2Score()
    for t, p, _ in batches:
        m.update_state(t, p)
    t = np.concatenate([b[0] for b in batches]).astype(float)
    p = np.concatenate([b[1] for b in batches]).astype(float)
    per_output = 1 - ((t - p) ** 2).sum(0) / ((t - t.mean(0)) ** 2).sum(0)
    np.testing.assert_allclose(to_np(m.result()), per_output.mean(), rtol=1e-4)


def test_r2_score_checks_arguments_and_shapes():
    with pytest.raises(ValueError, match="class_aggregation"):
        metrics.R2Score(class_aggregation="median")
    with pytest.raises(ValueError, match="num_regressors"):
        metrics.R2Score(num_regressors=-1)
    with pytest.raises(ValueError, match="2D"):
        metrics.R2Score().update_state(np.zeros((2, 3, 4)), np.zeros((2, 3, 4)))
    m = metrics.R2Score(num_regressors=5)
    m.update_state([[1.0], [2.0], [4.0]], [[1.0], [2.5], [3.0]])
    with pytest.warns(UserWarning, match="adjusted R2"):
        m.result()


@pytest.mark.parametrize("fn", ["mean_squared_error", "mean_absolute_error",
                                "mean_absolute_percentage_error",
                                "mean_squared_logarithmic_error", "log_cosh", "huber",
                                "pearson_correlation", "concordance_correlation"])
def test_functions_match_keras(keras, fn):
    t, p, _ = _batches(n=1, seed=9, positive=True)[0]
    ours = to_np(getattr(metrics, fn)(t, p))
    theirs = keras.ops.convert_to_numpy(getattr(keras.metrics, fn)(t, p))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_huber_delta_and_legacy_aliases():
    np.testing.assert_allclose(to_np(metrics.huber([[0.0, 0.0]], [[0.2, 3.0]], delta=0.5)),
                               [(0.02 + (0.5 * 3.0 - 0.125)) / 2], rtol=1e-6)
    assert metrics.mse is metrics.mean_squared_error
    assert metrics.mae is metrics.mean_absolute_error
    assert metrics.mape is metrics.mean_absolute_percentage_error
    assert metrics.msle is metrics.mean_squared_logarithmic_error


def test_rank_one_targets_with_column_predictions():
    m = metrics.MeanSquaredError()
    m.update_state([1.0, 2.0], [[1.0], [4.0]])
    assert float(m.result()) == 2.0
