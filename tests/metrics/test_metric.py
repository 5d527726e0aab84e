"""The Metric base class: variables, reset, __call__, stateless API, config, errors."""

import numpy as np
import pytest
from metric_reference import to_np

import cornu
from cornu import metrics, ops


class CountAbove(metrics.Metric):
    def __init__(self, threshold=0.0, name="count_above", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.threshold = threshold
        self.count = self.add_variable((), "zeros", name="count")
        self.seen = self.add_weight((2,), name="seen")

    def update_state(self, values, sample_weight=None):
        values = ops.convert_to_tensor(values, self.dtype)
        self.count.assign_add(ops.sum(ops.cast(values > self.threshold, self.dtype)))
        self.seen.assign_add(ops.convert_to_tensor([1.0, float(values.shape[0])]))

    def result(self):
        return self.count

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


def test_variables_are_non_trainable_and_named_by_the_metric():
    m = CountAbove(name="above")
    assert [v.path for v in m.variables] == ["above/count", "above/seen"]
    assert all(not v.trainable for v in m.variables)
    assert all(isinstance(v, cornu.backend.Variable) for v in m.variables)
    assert m.dtype == "float32"


def test_update_accumulates_reset_zeroes_and_call_returns_result():
    m = CountAbove()
    m.update_state([1.0, -1.0, 2.0])
    assert float(m(np.array([3.0, 4.0]))) == 4.0
    np.testing.assert_array_equal(to_np(m.seen), [2.0, 5.0])
    m.reset_state()
    assert float(m.result()) == 0.0
    m.update_state([1.0])
    m.reset_states()
    np.testing.assert_array_equal(to_np(m.seen), [0.0, 0.0])


def test_nested_metrics_contribute_their_variables():
    class Pair(metrics.Metric):
        def __init__(self):
            super().__init__(name="pair")
            self.a = metrics.Mean(name="a")
            self.b = metrics.Sum(name="b")

    assert [v.path for v in Pair().variables] == ["a/total", "a/count", "b/total"]


def test_forgetting_super_init_is_explained():
    class Broken(metrics.Metric):
        def __init__(self):
            self.v = self.add_variable((), "zeros")

    with pytest.raises(RuntimeError, match="super"):
        Broken()


def test_base_methods_must_be_implemented():
    m = metrics.Metric(name="bare")
    with pytest.raises(NotImplementedError, match="update_state"):
        m.update_state(1.0)
    with pytest.raises(NotImplementedError, match="result"):
        m.result()


def test_default_names_are_snake_case_and_unique():
    a, b = metrics.AUC(), metrics.AUC()
    assert a.name.startswith("auc") and b.name.startswith("auc") and a.name != b.name
    assert metrics.Mean().name == "mean"


def test_stateless_api_leaves_the_variables_untouched():
    m = metrics.Mean()
    m.update_state([10.0])
    values = [ops.zeros(()), ops.zeros(())]
    new_values = m.stateless_update_state(values, [1.0, 3.0])
    assert [float(v) for v in new_values] == [4.0, 2.0]
    assert float(m.stateless_result(new_values)) == 2.0
    assert float(m.result()) == 10.0
    assert [float(v) for v in m.stateless_reset_state()] == [0.0, 0.0]
    assert float(m.result()) == 10.0
    with pytest.raises(ValueError, match="one value per"):
        m.stateless_result([ops.zeros(())])


def test_config_round_trip_and_dtype():
    m = CountAbove(threshold=0.5, dtype="float64")
    config = m.get_config()
    assert config == {"name": "count_above", "dtype": "float64", "threshold": 0.5}
    rebuilt = CountAbove.from_config(config)
    assert rebuilt.get_config() == config
    assert ops.dtype(rebuilt.count) == "float32"  # add_variable's default: floatx()
    mean = metrics.Mean(dtype="float64")
    assert [ops.dtype(v) for v in mean.variables] == ["float64", "float64"]
    assert ops.dtype(mean.result()) == "float64"


def test_update_state_does_not_sync_to_the_host(monkeypatch):
    """The per-step path must stay on the device: no .item(), .tolist() or numpy()."""
    import torch

    rng = np.random.default_rng(0)
    probs = rng.uniform(size=(16, 4)).astype("float32")
    labels = (rng.uniform(size=(16, 4)) > 0.5).astype("float32")
    sparse = rng.integers(0, 4, size=(16,)).astype("int32")
    cases = [
        (metrics.BinaryAccuracy(), labels, probs),
        (metrics.CategoricalAccuracy(), labels, probs),
        (metrics.SparseCategoricalAccuracy(), sparse, probs),
        (metrics.SparseTopKCategoricalAccuracy(k=2), sparse, probs),
        (metrics.MeanSquaredError(), labels, probs),
        (metrics.CategoricalCrossentropy(), labels, probs),
        (metrics.Precision(), labels, probs),
        (metrics.AUC(), labels, probs),
        (metrics.F1Score(), labels, probs),
        (metrics.MeanIoU(4), sparse, sparse[::-1].copy()),
        (metrics.R2Score(), labels, probs),
    ]
    tensors = [(m, ops.convert_to_tensor(t), ops.convert_to_tensor(p)) for m, t, p in cases]

    def refuse(*args, **kwargs):
        raise AssertionError("host sync in update_state")

    for attr in ("item", "tolist", "numpy", "__float__", "__bool__", "__int__"):
        monkeypatch.setattr(torch.Tensor, attr, refuse)
    for m, y_true, y_pred in tensors:
        weights = None if isinstance(m, metrics.MeanIoU) else ops.ones((16,))
        m.update_state(y_true, y_pred, sample_weight=weights)


@pytest.mark.parametrize("make", [metrics.Sum, metrics.TruePositives, metrics.Mean,
                                  metrics.Precision, metrics.AUC])
def test_a_kept_result_does_not_change_with_later_updates(make):
    m = make()
    if isinstance(m, metrics.Sum | metrics.Mean):
        m.update_state([1.0, 1.0])
    else:
        m.update_state([1, 0, 1], [0.9, 0.2, 0.4])
    kept = m.result()
    before = to_np(kept).copy()
    m.reset_state()
    np.testing.assert_array_equal(to_np(kept), before)
