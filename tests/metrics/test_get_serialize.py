"""metrics.get / serialize / deserialize, names and aliases, config round trips."""

import numpy as np
import pytest

import cornu
from cornu import metrics

STRINGS = ["accuracy", "mse", "MSE", "mae", "mape", "msle", "bce", "AUC", "auc", "precision",
           "recall", "categorical_crossentropy", "binary_accuracy", "mean_squared_error",
           "r2_score", "f1_score", "kl_divergence", "top_k_categorical_accuracy",
           "binary_io_u", "log_cosh_error", "Precision", "SparseCategoricalAccuracy"]


@pytest.mark.parametrize("name", STRINGS)
def test_get_resolves_names_like_keras(keras, name):
    ours, theirs = metrics.get(name), keras.metrics.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert isinstance(ours, metrics.Metric)


def test_legacy_aliases():
    assert isinstance(metrics.get("acc"), metrics.Accuracy)
    assert isinstance(metrics.get("kld"), metrics.KLDivergence)
    assert isinstance(metrics.get("logcosh"), metrics.LogCoshError)


def test_get_passes_through_instances_functions_and_classes():
    m = metrics.Precision()
    assert metrics.get(m) is m
    assert metrics.get(metrics.mean_squared_error) is metrics.mean_squared_error
    assert isinstance(metrics.get(metrics.Recall), metrics.Recall)
    assert metrics.get(None) is None
    restored = metrics.get({"class_name": "CategoricalCrossentropy",
                            "config": {"from_logits": True}})
    assert restored.from_logits is True


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'no_such_metric'.*accuracy.*mse"):
        metrics.get("no_such_metric")
    with pytest.raises(ValueError, match="interpret"):
        metrics.get(42)


def test_registered_custom_metric_is_found_by_name():
    @cornu.saving.register_keras_serializable(package="tests_metrics")
    class Twice(metrics.Mean):
        def update_state(self, values, sample_weight=None):
            super().update_state(2.0 * np.asarray(values, "float32"), sample_weight)

    m = metrics.get("tests_metrics>Twice")
    m.update_state([1.0, 2.0])
    assert float(m.result()) == 3.0
    rebuilt = metrics.deserialize(metrics.serialize(m))
    assert isinstance(rebuilt, Twice) and rebuilt.name == m.name


ALL = [
    metrics.Mean(), metrics.Sum(), metrics.MeanMetricWrapper(metrics.hinge, name="h"),
    metrics.Accuracy(), metrics.BinaryAccuracy(threshold=0.7), metrics.CategoricalAccuracy(),
    metrics.SparseCategoricalAccuracy(), metrics.TopKCategoricalAccuracy(k=3),
    metrics.SparseTopKCategoricalAccuracy(k=2), metrics.BinaryCrossentropy(from_logits=True),
    metrics.CategoricalCrossentropy(label_smoothing=0.1),
    metrics.SparseCategoricalCrossentropy(ignore_class=0), metrics.KLDivergence(),
    metrics.Poisson(), metrics.Hinge(), metrics.SquaredHinge(), metrics.CategoricalHinge(),
    metrics.MeanSquaredError(), metrics.RootMeanSquaredError(), metrics.MeanAbsoluteError(),
    metrics.MeanAbsolutePercentageError(), metrics.MeanSquaredLogarithmicError(),
    metrics.CosineSimilarity(axis=1), metrics.LogCoshError(),
    metrics.R2Score(class_aggregation=None, num_regressors=1),
    metrics.TruePositives(thresholds=[0.2, 0.8]), metrics.TrueNegatives(),
    metrics.FalsePositives(), metrics.FalseNegatives(thresholds=0.3),
    metrics.Precision(top_k=2, class_id=1), metrics.Recall(thresholds=[0.1, 0.9]),
    metrics.AUC(curve="PR", multi_label=True, num_labels=2),
    metrics.PrecisionAtRecall(0.3), metrics.RecallAtPrecision(0.8, num_thresholds=10),
    metrics.SensitivityAtSpecificity(0.5), metrics.SpecificityAtSensitivity(0.4, class_id=2),
    metrics.F1Score(average="macro"), metrics.FBetaScore(beta=2.0, threshold=0.3),
    metrics.IoU(3, [0, 1]), metrics.BinaryIoU(threshold=0.4), metrics.MeanIoU(3),
    metrics.OneHotIoU(3, [2]), metrics.OneHotMeanIoU(3, ignore_class=1),
    metrics.PearsonCorrelation(), metrics.ConcordanceCorrelation(axis=-1),
]


@pytest.mark.parametrize("metric", ALL, ids=lambda m: type(m).__name__)
def test_serialize_round_trip(metric):
    config = metrics.serialize(metric)
    assert config["class_name"] == type(metric).__name__
    rebuilt = metrics.deserialize(config)
    assert type(rebuilt) is type(metric)
    assert rebuilt.get_config() == metric.get_config()
    assert [v.path for v in rebuilt.variables] == [v.path for v in metric.variables]


def test_every_keras_metric_name_exists(keras):
    public = {n for n in dir(keras.metrics) if not n.startswith("_")}
    missing = sorted(n for n in public if not hasattr(metrics, n))
    assert missing == []


@pytest.mark.parametrize("name", sorted(c.__name__ for c in metrics.ALL_OBJECTS))
def test_keras_configs_load_in_cornu(keras, name):
    """A config written by real Keras rebuilds the same metric here (the .keras path)."""
    args = {"IoU": {"num_classes": 3, "target_class_ids": [1]}, "MeanIoU": {"num_classes": 3},
            "OneHotIoU": {"num_classes": 3, "target_class_ids": [0]},
            "OneHotMeanIoU": {"num_classes": 3}, "PrecisionAtRecall": {"recall": 0.5},
            "RecallAtPrecision": {"precision": 0.5},
            "SensitivityAtSpecificity": {"specificity": 0.5},
            "SpecificityAtSensitivity": {"sensitivity": 0.5},
            "MeanMetricWrapper": {"fn": keras.metrics.mean_squared_error}}
    if name == "Metric":
        pytest.skip("abstract base")
    theirs = getattr(keras.metrics, name)(**args.get(name, {}))
    config = keras.saving.serialize_keras_object(theirs)
    ours = metrics.deserialize({**config, "module": "cornu.metrics"})
    assert type(ours).__name__ == name
    for key, value in ours.get_config().items():
        if key in config["config"] and not hasattr(config["config"][key], "shape"):
            expected = config["config"][key]
            if key == "fn":
                assert value == expected["config"]
            else:
                assert value == expected, key
