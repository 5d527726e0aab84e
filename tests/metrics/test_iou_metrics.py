"""IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU against NumPy and Keras."""

import numpy as np
import pytest
from metric_reference import run_beside_keras, to_np

from cornu import metrics


def _sparse_batches(n=3, seed=0, shape=(6, 5), classes=4, weights="int"):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        y_true = rng.integers(0, classes, size=shape)
        y_pred = np.where(rng.uniform(size=shape) > 0.4, y_true,
                          rng.integers(0, classes, size=shape))
        sw = None
        if i > 0 and weights == "int":
            sw = rng.integers(0, 3, size=shape)
        elif i > 0 and weights == "float":
            sw = rng.uniform(size=shape).astype("float32")
        out.append((y_true, y_pred, sw))
    return out


def _onehot_batches(n=3, seed=0, batch=12, classes=3):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        y_true = np.eye(classes, dtype="float32")[rng.integers(0, classes, batch)]
        y_pred = rng.uniform(size=(batch, classes)).astype("float32")
        sw = rng.integers(0, 3, size=(batch,)) if i > 0 else None
        out.append((y_true, y_pred, sw))
    return out


@pytest.mark.parametrize("kwargs", [
    {"num_classes": 4, "target_class_ids": [0, 2]},
    {"num_classes": 4, "target_class_ids": [1], "ignore_class": 3},
    {"num_classes": 4, "target_class_ids": [0, 1, 2, 3], "dtype": "float32"},
])
def test_iou_matches_keras(keras, kwargs):
    weights = "float" if kwargs.get("dtype") == "float32" else "int"
    run_beside_keras("IoU", _sparse_batches(weights=weights), kwargs)


@pytest.mark.parametrize("kwargs", [{"num_classes": 4}, {"num_classes": 4, "ignore_class": 0}])
def test_mean_iou_matches_keras(keras, kwargs):
    run_beside_keras("MeanIoU", _sparse_batches(seed=1), kwargs)


@pytest.mark.parametrize("kwargs", [{}, {"target_class_ids": [1], "threshold": 0.3}])
def test_binary_iou_matches_keras(keras, kwargs):
    rng = np.random.default_rng(2)
    batches = [(rng.integers(0, 2, size=(10,)), rng.uniform(size=(10,)).astype("float32"),
                None if i == 0 else rng.integers(1, 3, size=(10,))) for i in range(3)]
    run_beside_keras("BinaryIoU", batches, kwargs)


def test_one_hot_forms_match_keras(keras):
    run_beside_keras("OneHotIoU", _onehot_batches(), {"num_classes": 3,
                                                      "target_class_ids": [0, 2]})
    run_beside_keras("OneHotMeanIoU", _onehot_batches(seed=3), {"num_classes": 3})


def test_mean_iou_matches_numpy_reference():
    batches = _sparse_batches(seed=5, weights="int")
    m = metrics.MeanIoU(num_classes=4)
    cm = np.zeros((4, 4))
    for t, p, sw in batches:
        m.update_state(t, p, sample_weight=sw)
        w = np.ones(t.shape) if sw is None else sw
        np.add.at(cm, (t.reshape(-1), p.reshape(-1)), w.reshape(-1))
    tp = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - tp
    np.testing.assert_allclose(to_np(m.result()), (tp / union).mean(), rtol=1e-5)
    np.testing.assert_array_equal(to_np(m.total_cm), cm)


def test_out_of_range_labels_are_ignored():
    m = metrics.MeanIoU(num_classes=2)
    m.update_state([0, 1, 5, -1], [0, 1, 1, 0])
    np.testing.assert_array_equal(to_np(m.total_cm), [[1, 0], [0, 1]])


def test_float_weights_with_an_integer_matrix_warn_once():
    m = metrics.MeanIoU(num_classes=2)
    with pytest.warns(UserWarning, match="truncates"):
        m.update_state([0, 1], [0, 1], sample_weight=np.array([0.5, 1.5], "float32"))
    np.testing.assert_array_equal(to_np(m.total_cm), [[0, 0], [0, 1]])


def test_target_class_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        metrics.IoU(num_classes=2, target_class_ids=[2])
