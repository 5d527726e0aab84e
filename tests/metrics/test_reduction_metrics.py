"""Reduce, Sum, Mean, MeanMetricWrapper against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import keras_np, mse, to_np

from cornu import metrics, ops


def test_mean_and_sum_accumulate_with_weights():
    rng = np.random.default_rng(1)
    batches = [(rng.normal(size=8), rng.uniform(size=8)) for _ in range(3)]
    mean, total = metrics.Mean(), metrics.Sum()
    for values, weights in batches:
        mean.update_state(values, sample_weight=weights)
        total.update_state(values, sample_weight=weights)
    v = np.concatenate([b[0] for b in batches])
    w = np.concatenate([b[1] for b in batches])
    np.testing.assert_allclose(to_np(mean.result()), (v * w).sum() / w.sum(), rtol=1e-5)
    np.testing.assert_allclose(to_np(total.result()), (v * w).sum(), rtol=1e-5)


@pytest.mark.parametrize("name", ["Mean", "Sum"])
@pytest.mark.parametrize("weight_shape", [None, (6,), (6, 3), (6, 1), (6, 3, 2)])
def test_reductions_match_keras(keras, name, weight_shape):
    rng = np.random.default_rng(2)
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    for _ in range(3):
        values = rng.normal(size=(6, 3, 2)).astype("float32")
        weights = None if weight_shape is None else rng.uniform(size=weight_shape)
        ours.update_state(values, sample_weight=weights)
        theirs.update_state(values, sample_weight=weights)
        np.testing.assert_allclose(to_np(ours.result()), keras_np(theirs.result()), rtol=1e-5)


def test_scalar_values_count_once():
    m = metrics.Mean()
    m.update_state(3.0)
    m.update_state(5.0)
    assert float(m.result()) == 4.0


def test_empty_mean_is_zero():
    assert float(metrics.Mean().result()) == 0.0


def test_reduce_sum_over_batch_size_ignores_weights_in_the_count():
    m = metrics.Reduce("sum_over_batch_size")
    m.update_state([2.0, 4.0], sample_weight=[1.0, 0.0])
    assert float(m.result()) == 1.0
    with pytest.raises(ValueError, match="reduction"):
        metrics.Reduce("median")


def test_mean_metric_wrapper_matches_keras_and_round_trips(keras):
    rng = np.random.default_rng(3)
    ours = metrics.MeanMetricWrapper(metrics.mean_squared_error, name="w")
    theirs = keras.metrics.MeanMetricWrapper(keras.metrics.mean_squared_error, name="w")
    for _ in range(3):
        t, p = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
        w = rng.uniform(size=5)
        ours.update_state(t, p, sample_weight=w)
        theirs.update_state(t, p, sample_weight=w)
        np.testing.assert_allclose(to_np(ours.result()), keras_np(theirs.result()), rtol=1e-5)
    config = ours.get_config()
    assert config["fn"] == "mean_squared_error"
    rebuilt = metrics.MeanMetricWrapper.from_config(config)
    assert rebuilt._fn is metrics.mean_squared_error
    keras_config = theirs.get_config()
    assert metrics.MeanMetricWrapper.from_config(keras_config)._fn is metrics.mean_squared_error


def test_mean_metric_wrapper_passes_kwargs_and_numpy_reference():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, threshold=0.8)
    m.update_state([[1.0], [1.0]], [[0.9], [0.7]])
    assert float(m.result()) == 0.5
    assert m.get_config()["threshold"] == 0.8
    rng = np.random.default_rng(4)
    t, p = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    m = metrics.MeanMetricWrapper(lambda a, b: ops.mean(ops.square(a - b), axis=-1))
    m.update_state(t, p)
    np.testing.assert_allclose(to_np(m.result()), mse(t, p).mean(), rtol=1e-5)


def test_mean_metric_wrapper_applies_the_mask_of_y_pred():
    y_pred = ops.convert_to_tensor([[1.0], [5.0], [3.0]])
    y_pred._keras_mask = ops.convert_to_tensor([True, False, True])
    m = metrics.MeanMetricWrapper(metrics.mean_absolute_error)
    m.update_state([[0.0], [0.0], [0.0]], y_pred)
    assert float(m.result()) == 2.0


def test_unknown_function_name_in_config_is_explained():
    with pytest.raises(ValueError, match="no_such_fn"):
        metrics.MeanMetricWrapper.from_config({"fn": "no_such_fn", "name": "x"})
    with pytest.raises(ValueError, match="callable"):
        metrics.MeanMetricWrapper(fn=3)
